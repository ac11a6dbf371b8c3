/**
 * The builder against Jekyll 4.3 on the real finews corpus (`../shared/corpus/finews`, beside the clone).
 *
 * Corpus files are named `<folder>__<name>` plus, for extra git versions, `<stem>__at-<hash>.<ext>`;
 * the name Jekyll sees strips both. Files sharing a Jekyll name are spread over groups (the n-th copy
 * goes to group n) so that each group holds a name once: Jekyll builds one site per group (the harness
 * does this), and our builder reads one `--posts` folder per group.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildRun } from '../../../src/builder/build.ts';
import { checkFeedArgs, runFeedBuild } from '../../../src/builder/cli.ts';
import { ItemSchema, parseFeedJson, type Item } from '../../../src/feed/schema.ts';
import { jekyllAvailable, runJekyll, type JekyllPost, type JekyllResult } from '../../support/jekyll-reference.ts';
import { htmlText, noSpace, readTree, REPO_ROOT, removeDir, tempDir } from './helpers.ts';

const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus/finews');
const hasCorpus = existsSync(path.join(CORPUS, 'posts'));
const hasJekyll = jekyllAvailable();
if (!hasCorpus) console.warn(`jekyll-corpus: skipped, the corpus is not at ${CORPUS} (it sits beside the clone in CI)`);
else if (!hasJekyll) console.warn('jekyll-corpus: skipped, `jekyll` (4.3) is not on PATH');

/** `_posts__2021-12-08-x__at-cfbae48.md` → `2021-12-08-x.md`. */
function jekyllNameOf(corpusName: string): string {
  return corpusName.replace(/^(?:_posts|old_post)__/, '').replace(/__at-[0-9a-f]+(\.[^./]+)$/, '$1');
}

interface CorpusFile {
  /** Absolute path in the corpus. */
  file: string;
  name: string;
  jekyllName: string;
  group: number;
  /** Its path in our report: `<group folder>/<jekyllName>`. */
  reportName: string;
}

/**
 * Warnings that say our builder did something Jekyll does not (read front matter Jekyll cannot see,
 * invented a date or title, ...): such posts cannot be compared with Jekyll's reading.
 */
const BEYOND_JEKYLL: [RegExp, string][] = [
  [/Jekyll would not see the front matter/, 'front matter Jekyll cannot see'],
  [/Jekyll skips such posts/, 'no date in the file name'],
  [/not valid YAML|is not a mapping/, 'front matter recovered from broken YAML'],
  [/is not a date|no usable date/, 'date recovered'],
  [/title in the front matter; titled/, 'title made up'],
  [/no front matter/, 'no front matter'],
  [/not UTF-8/, 'not UTF-8'],
];

/**
 * kramdown's smart quotes and typography (`"` → “”, `--` → –, `...` → …, `<<` → «) against markdown-it,
 * which has no typographer: both sides are spelled in ASCII before comparing. A spelling difference, not
 * a loss of text. (No corpus post needs it today; it is here for posts with ASCII quotes in Markdown.)
 */
function normalizeTypography(text: string): string {
  return text
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/—/g, '---')
    .replace(/–/g, '--')
    .replace(/…/g, '...')
    .replace(/«/g, '<<')
    .replace(/»/g, '>>');
}

describe.skipIf(!hasCorpus || !hasJekyll)('builder vs Jekyll on the finews corpus', () => {
  let work = '';
  let files: CorpusFile[] = [];
  let jekyll: JekyllResult;
  let ours: BuildRun;
  const items = new Map<string, Item>();

  beforeAll(async () => {
    work = tempDir('corpus');
    const names = readdirSync(path.join(CORPUS, 'posts')).sort();
    const seen = new Map<string, number>();
    files = names.map((name) => {
      const jekyllName = jekyllNameOf(name);
      const group = seen.get(jekyllName) ?? 0;
      seen.set(jekyllName, group + 1);
      return { file: path.join(CORPUS, 'posts', name), name, jekyllName, group, reportName: `${path.join(work, `g${group}`)}/${jekyllName}` };
    });
    const groups = Math.max(...files.map((f) => f.group)) + 1;
    for (const f of files) {
      mkdirSync(path.join(work, `g${f.group}`), { recursive: true });
      copyFileSync(f.file, path.join(work, `g${f.group}`, f.jekyllName));
    }
    const configFile = path.join(CORPUS, 'site/_config.yml');
    jekyll = await runJekyll(
      files.map(({ file, jekyllName }) => ({ file, jekyllName })),
      { configYml: readFileSync(configFile, 'utf8'), workDir: path.join(work, 'jekyll') },
    );
    // What `build:feed --posts g0 --posts g1 … --config site/_config.yml --categories category
    // --alias-host finews.zning.me` does; the items are read back from what it wrote.
    const args = checkFeedArgs({
      posts: Array.from({ length: groups }, (_, g) => path.join(work, `g${g}`)),
      out: path.join(work, 'out'),
      config: configFile,
      categories: path.join(CORPUS, 'category'),
      'alias-host': ['finews.zning.me'],
    });
    ours = runFeedBuild(args, () => {});
    for (const [rel, text] of readTree(path.join(work, 'out'))) {
      if (rel.startsWith('items/')) {
        const item = parseFeedJson(ItemSchema, JSON.parse(text), rel);
        items.set(item.id, item);
      }
    }
  }, 300_000);

  afterAll(() => removeDir(work));

  it('stages every Jekyll name at most once per group', () => {
    expect(jekyllNameOf('_posts__2021-12-08-202112082206928461__at-2b5b53f.md')).toBe('2021-12-08-202112082206928461.md');
    expect(jekyllNameOf('old_post__2021-12-08-202112082206672930.md')).toBe('2021-12-08-202112082206672930.md');
    const keys = files.map((f) => `${f.group}/${f.jekyllName}`);
    expect(new Set(keys).size).toBe(files.length);
    const copies = new Map<string, number>();
    for (const f of files) copies.set(f.jekyllName, (copies.get(f.jekyllName) ?? 0) + 1);
    expect(Math.max(...files.map((f) => f.group)) + 1).toBe(Math.max(...copies.values()));
  });

  it('lists every corpus file in the report exactly once', () => {
    const reported = ours.report.posts.map((e) => e.file).sort();
    expect(reported).toEqual(files.map((f) => f.reportName).sort());
    for (const entry of ours.report.posts) {
      if (entry.status === 'skipped') expect(entry.reason, entry.file).toMatch(/\S/);
      else expect(items.has(entry.id ?? ''), entry.file).toBe(true);
    }
  });

  it('reads every post Jekyll reads as Jekyll does: URL, title, categories, tags, date, body text', () => {
    const byFile = new Map(files.map((f) => [f.file, f]));
    const entries = new Map(ours.report.posts.map((e) => [e.file, e]));
    const skippedWhy = new Map<string, number>();
    const skip = (why: string): void => void skippedWhy.set(why, (skippedWhy.get(why) ?? 0) + 1);
    skippedWhy.set('Jekyll could not read it', jekyll.unreadable.length);
    skippedWhy.set('Jekyll did not read it as a post', jekyll.notRead.length);
    let compared = 0;
    const seen = { zoneless: 0, backlinks: 0, address: 0, source: 0 };
    const failures: string[] = [];

    for (const jp of jekyll.posts) {
      const f = byFile.get(jp.file);
      const entry = f && entries.get(f.reportName);
      if (!f || !entry) {
        failures.push(`${jp.file}: not in our report`);
        continue;
      }
      if (entry.status !== 'imported') {
        failures.push(`${f.name}: Jekyll read it, we skipped it (${entry.reason ?? ''})`);
        continue;
      }
      const beyond = BEYOND_JEKYLL.find(([re]) => entry.warnings.some((w) => re.test(w)));
      if (beyond) {
        skip(`we went beyond Jekyll (${beyond[1]})`);
        continue;
      }
      const item = items.get(entry.id ?? '');
      if (!item) {
        failures.push(`${f.name}: no item ${entry.id ?? ''}`);
        continue;
      }
      compared++;
      if (isZonelessTimestamp(f.file)) seen.zoneless++;
      if (item._finews.backlinks.length > 0) seen.backlinks++;
      if (item.external_url) seen.address++;
      if (item._finews.source.attributed) seen.source++;
      const problems = comparePost(f, jp, item);
      if (problems.length > 0) failures.push(`${f.name}:\n    ${problems.join('\n    ')}`);
    }
    const skippedText = [...skippedWhy].filter(([, n]) => n > 0).map(([why, n]) => `${n} ${why}`).join(', ');
    console.log(
      `jekyll-corpus: ${files.length} files; ${compared} posts compared with Jekyll (${seen.zoneless} zone-less dates, ${seen.backlinks} with back-links, ` +
        `${seen.address} with an original address, ${seen.source} with a source line); not compared: ${skippedText || 'none'}`,
    );
    expect(failures).toEqual([]);
    expect(compared).toBeGreaterThan(files.length / 2);
  });

  it('warns (or skips) whenever it imports a file Jekyll did not read as a post', () => {
    const byFile = new Map(files.map((f) => [f.file, f]));
    const entries = new Map(ours.report.posts.map((e) => [e.file, e]));
    const notPosts = [...jekyll.notRead, ...jekyll.unreadable.map((u) => u.file)];
    for (const file of notPosts) {
      const entry = entries.get(byFile.get(file)?.reportName ?? '');
      expect(entry, file).toBeDefined();
      if (entry?.status === 'imported') expect(entry.warnings.some((w) => BEYOND_JEKYLL.some(([re]) => re.test(w))), `${file}: ${entry.warnings.join('; ')}`).toBe(true);
    }
  });
});

/** True when the file's `date:` is an unquoted YAML timestamp without a zone (`2021-12-08 10:46:18`). */
function isZonelessTimestamp(file: string): boolean {
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, 'utf8').replace(/\r\n?/g, '\n'))?.[1] ?? '';
  const value = /^date:[ \t]*(.*?)[ \t]*$/m.exec(front)?.[1] ?? '';
  return /^\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?$/.test(value);
}

function comparePost(f: CorpusFile, jp: JekyllPost, item: Item): string[] {
  const problems: string[] = [];
  const check = (what: string, actual: unknown, expected: unknown): void => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${what}: ours ${JSON.stringify(actual)}, Jekyll ${JSON.stringify(expected)}`);
  };
  check('url', new URL(item.url).pathname, jp.url);
  check('title', item.title, jp.title);
  check('categories', item._finews.categories, jp.categories);
  check('tags', item.tags, jp.tags);

  // Date: Jekyll (Psych) reads a plain zone-less timestamp as UTC; the scraper wrote Beijing time, so ours is
  // 8 h earlier. Any other date (with an offset, quoted, date only) is the same instant as Jekyll's.
  const zoneless = isZonelessTimestamp(f.file);
  const expectedMs = Date.parse(jp.date) - (zoneless ? 8 * 3600_000 : 0);
  check(`date (${zoneless ? 'zone-less, 8 h before Jekyll' : 'same instant as Jekyll'})`, new Date(Date.parse(item.date_published)).toISOString(), new Date(expectedMs).toISOString());

  // Body: Jekyll's text minus what we lifted into fields must be exactly our text.
  let expected = normalizeTypography(noSpace(htmlText(jp.content)));
  const actual = normalizeTypography(noSpace(htmlText(item.content_html)));
  const lifted: string[] = [];
  for (const link of item._finews.backlinks) lifted.push(noSpace(link.label));
  if (item.external_url) lifted.push(noSpace(item.external_url));
  lifted.push('｜', '|', '<>');
  // Trailer pieces sit at the end: strip them from the end only, so nothing else can vanish.
  for (let changed = true; changed; ) {
    changed = false;
    for (const piece of lifted) {
      const p = normalizeTypography(piece);
      if (p && expected.endsWith(p)) {
        expected = expected.slice(0, -p.length);
        changed = true;
      }
    }
  }
  if (item._finews.source.attributed) {
    const name = normalizeTypography(noSpace(item._finews.source.name));
    const line = new RegExp(`[（(]文章来源[:：]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[)）]$`);
    if (line.test(expected)) expected = expected.replace(line, '');
    else problems.push(`source line （文章来源：${item._finews.source.name}） not at the end of Jekyll's text`);
  }
  if (actual !== expected) {
    let at = 0;
    while (at < actual.length && actual[at] === expected[at]) at++;
    problems.push(`body text differs at ${at}: ours …${actual.slice(Math.max(0, at - 20), at + 40)}…, Jekyll minus trailer …${expected.slice(Math.max(0, at - 20), at + 40)}…`);
  }
  return problems;
}

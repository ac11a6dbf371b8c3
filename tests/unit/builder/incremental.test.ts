/**
 * Incremental builds: a rebuild from the cache must give exactly the files a full build of the same
 * posts gives, rewrite only what changed, and fall back to a full build whenever the cache cannot be
 * trusted.
 */
import { readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkFeedArgs, runFeedBuild, type FeedBuildOutcome } from '../../../src/builder/cli.ts';
import { CACHE_DIR, CACHE_FILE } from '../../../src/builder/feed-cache.ts';
import type { Item, Site } from '../../../src/feed/schema.ts';
import { post, readTree, removeDir, tempDir, writeTree } from './helpers.ts';
import { failWrites } from './failing-fs.ts';

// Writing fails on demand (a full disk after N more files).
vi.mock('node:fs', async (importOriginal) => (await import('./failing-fs.ts')).failingFs(await importOriginal()));

let dir = '';
beforeAll(() => {
  dir = tempDir('incremental');
});
afterAll(() => removeDir(dir));

const SOURCES = [
  { slug: 'emnews', tag: '东方财富网新闻' },
  { slug: 'cnstock', tag: '上海证券报新闻' },
  { slug: 'sina', tag: '新浪财经新闻' },
];

/** Post `n` (1-based): dated a day apart from 2021-12-01, in source n mod 3, with a back-link to its source. */
function postFile(n: number, extra: Partial<{ title: string; day: number; hour: number; source: number; body: string }> = {}): [string, string] {
  const day = extra.day ?? n;
  const date = new Date(Date.UTC(2021, 11, 1) + (day - 1) * 86_400_000).toISOString().slice(0, 10);
  const source = SOURCES[extra.source ?? n % SOURCES.length] ?? SOURCES[0];
  const hour = String(extra.hour ?? 10).padStart(2, '0');
  const body = extra.body ?? `第${n}条消息正文。\n\n[返回${source?.tag ?? ''}](//finews.withounder.com/${source?.slug ?? ''}/)｜[返回首页](//finews.withounder.com/)`;
  return [
    `${date}-p${n}.md`,
    post({ title: `"${extra.title ?? `消息${n}`}"`, date: `${date} ${hour}:00:00 +0800`, categories: source?.slug ?? '', tags: source?.tag ?? '' }, body),
  ];
}

/** Posts of emnews (source 0) under another tag: enough of them rename the source. */
const renamedEmnews = (files: [string, string][]): [string, string][] => files.map(([name, text]) => [name, text.replace('东方财富网新闻', '东财新闻')]);

function archive(name: string, count: number): string {
  return writeTree(path.join(dir, name, 'posts'), Object.fromEntries(Array.from({ length: count }, (_, i) => postFile(i + 1))));
}

function build(posts: string, out: string, extra: { pageSize?: number; full?: boolean } = {}, log: string[] = []): FeedBuildOutcome {
  const args = checkFeedArgs({ posts: [posts], out, 'site-url': 'https://finews.withounder.com', 'page-size': String(extra.pageSize ?? 2), full: extra.full ?? false });
  return runFeedBuild(args, (line) => log.push(line));
}

/** The output tree without the cache. */
function feedTree(out: string): Map<string, string> {
  const tree = readTree(out);
  for (const file of [...tree.keys()]) if (file.startsWith(`${CACHE_DIR}/`)) tree.delete(file);
  return tree;
}

/** A full build of the same posts in a folder of its own: what every rebuild must equal. */
function fresh(posts: string, pageSize = 2): Map<string, string> {
  const out = path.join(path.dirname(posts), `fresh-${Math.random().toString(36).slice(2)}`);
  const result = build(posts, out, { pageSize, full: true });
  expect(result.incremental).toBe(false);
  const tree = feedTree(out);
  rmSync(out, { recursive: true, force: true });
  return tree;
}

/** Identity of each file on disk (a rewrite renames a new file over it, so the inode changes). */
function inodes(out: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    map.set(path.relative(out, file).split(path.sep).join('/'), statSync(file).ino);
  }
  return map;
}

function changedFiles(before: Map<string, number>, out: string): string[] {
  const after = inodes(out);
  return [...after].filter(([file, ino]) => !file.startsWith(`${CACHE_DIR}/`) && before.get(file) !== ino).map(([file]) => file).sort();
}

describe('incremental build:feed', () => {
  it('adds new posts: the same bytes as a full build, rewriting only what changed', () => {
    const posts = archive('add', 12);
    const out = path.join(dir, 'add', 'out');
    expect(build(posts, out).incremental).toBe(false);
    const before = inodes(out);
    // Two new posts, newest of all: one in cnstock (13 % 3 = 1), one in sina (14 % 3 = 2).
    writeTree(posts, Object.fromEntries([postFile(13), postFile(14)]));
    const run = build(posts, out);
    expect(run.incremental).toBe(true);
    expect(run.parsed).toBe(2);
    expect(feedTree(out)).toEqual(fresh(posts));
    const changed = changedFiles(before, out);
    expect(changed).toEqual([...run.written].sort());
    expect(run.removed).toEqual([]);
    // The new items; the previous newest post of each of their sources (its "newer" link); the newest
    // pages of the river and of both sources; the sources and categories indexes; the report; and
    // site.json, whose header sources follow the counts (sina now has more posts than emnews).
    expect((JSON.parse(readFileSync(path.join(out, 'site.json'), 'utf8')) as Site).top_sources.map((s) => s.slug)).toEqual(['cnstock', 'sina', 'emnews']);
    expect(changed).toEqual(
      [
        'items/cnstock_2021_12_13_p13.json',
        'items/sina_2021_12_14_p14.json',
        'items/cnstock_2021_12_10_p10.json',
        'items/sina_2021_12_11_p11.json',
        'feed.json',
        'feed-6.json',
        'c/cnstock/feed.json',
        'c/sina/feed.json',
        'categories.json',
        'sources.json',
        'report.json',
        'site.json',
      ].sort(),
    );
  });

  it('rewrites nothing when nothing changed', () => {
    const posts = archive('same', 7);
    const out = path.join(dir, 'same', 'out');
    build(posts, out);
    const before = inodes(out);
    const run = build(posts, out);
    expect(run).toMatchObject({ incremental: true, parsed: 0, written: [], removed: [] });
    expect(changedFiles(before, out)).toEqual([]);
  });

  it('follows a changed post: its item, its neighbors (they show its title) and the pages listing it', () => {
    const posts = archive('modify', 12);
    const out = path.join(dir, 'modify', 'out');
    build(posts, out);
    const before = inodes(out);
    writeTree(posts, Object.fromEntries([postFile(4, { title: '改过的标题，长一些' })]));
    const run = build(posts, out);
    expect(run.parsed).toBe(1);
    expect(feedTree(out)).toEqual(fresh(posts));
    const changed = changedFiles(before, out);
    // Post 4 is in cnstock (4 % 3 = 1) with posts 1, 7, 10: its neighbors are 1 and 7.
    expect(changed.filter((f) => f.startsWith('items/'))).toEqual(['items/cnstock_2021_12_01_p1.json', 'items/cnstock_2021_12_04_p4.json', 'items/cnstock_2021_12_07_p7.json']);
    expect(changed).toContain('c/cnstock/feed-1.json');
    expect(changed).not.toContain('c/sina/feed.json');
    expect(changed).not.toContain('categories.json');
  });

  it('follows a deleted post: its item file goes, its neighbors link past it', () => {
    const posts = archive('delete', 12);
    const out = path.join(dir, 'delete', 'out');
    build(posts, out);
    expect(readTree(out).has('items/sina_2021_12_05_p5.json')).toBe(true);
    unlinkSync(path.join(posts, '2021-12-05-p5.md'));
    const run = build(posts, out);
    expect(run.incremental).toBe(true);
    expect(run.removed).toContain('items/sina_2021_12_05_p5.json');
    expect(feedTree(out)).toEqual(fresh(posts));
  });

  it('follows a post added between older ones, and older pages shifting', () => {
    const posts = archive('middle', 12);
    const out = path.join(dir, 'middle', 'out');
    build(posts, out);
    writeTree(posts, Object.fromEntries([postFile(20, { day: 3, hour: 12, source: 1 })]));
    const run = build(posts, out);
    expect(run.incremental).toBe(true);
    expect(feedTree(out)).toEqual(fresh(posts));
  });

  it('follows a new source, a renamed source and a permalink that is taken', () => {
    const posts = archive('names', 9);
    const out = path.join(dir, 'names', 'out');
    build(posts, out);
    const files = Object.fromEntries([
      // A source no post had before: back-links to it now lead into the app's category.
      ['2021-12-20-new.md', post({ title: 'n', date: '2021-12-20 10:00:00 +0800', categories: 'newsrc', tags: '新来源' }, '正文\n\n[返回新来源](//finews.withounder.com/newsrc/)')],
      // Most of emnews' posts now carry another tag: its display name changes on every item of it.
      ...renamedEmnews(Array.from({ length: 4 }, (_, i) => postFile(30 + i, { source: 0, day: 21 + i, body: '别的正文' }))),
      // The same permalink as post 2 (sina, 2021-12-02, slug p2), from a file that needs recovering.
      ['2021-12-02-p2.markdown', post({ title: 'dup', date: '2021-12-02 09:00:00 +0800', categories: 'sina', tags: '新浪财经新闻' })],
    ]);
    writeTree(posts, files);
    const run = build(posts, out);
    expect(run.incremental).toBe(true);
    expect(feedTree(out)).toEqual(fresh(posts));
  });

  it('follows a renamed source into the items whose bodies name their own source', () => {
    const posts = archive('attributed', 6);
    // emnews posts (source 0) whose bodies name another source: their items still name their category.
    const attributed = { source: 0, body: '正文。\n\n（文章来源：证券时报）' };
    writeTree(posts, Object.fromEntries([postFile(3, attributed), postFile(6, attributed), postFile(7, attributed)]));
    const out = path.join(dir, 'attributed', 'out');
    build(posts, out);
    const item = (): Item => JSON.parse(readFileSync(path.join(out, 'items/emnews_2021_12_07_p7.json'), 'utf8')) as Item;
    expect(item()._finews.source).toMatchObject({ name: '证券时报', attributed: true });
    expect(item()._finews.category_name).toBe('东方财富网新闻');
    // Most of emnews' posts now carry another tag: its display name changes. None is next to post 7,
    // whose neighbor (post 6) names its own source too: only the category's name changes in its item.
    writeTree(posts, Object.fromEntries(renamedEmnews([1, 2, 4, 5].map((day, i) => postFile(30 + i, { source: 0, day, hour: 12, body: '别的正文' })))));
    const run = build(posts, out);
    expect(run.incremental).toBe(true);
    expect(item()._finews.category_name).toBe('东财新闻');
    expect(feedTree(out)).toEqual(fresh(posts));
  });

  it('reads a post again when its item file is not as last written', () => {
    const posts = archive('tamper', 8);
    const out = path.join(dir, 'tamper', 'out');
    build(posts, out);
    writeFileSync(path.join(out, 'items/cnstock_2021_12_04_p4.json'), '{"tampered":true}\n');
    // Post 7 moves its neighbor link to a new post: item 4 must be produced again, not from the tampered file.
    writeTree(posts, Object.fromEntries([postFile(9, { source: 1, day: 5, hour: 12 })]));
    const run = build(posts, out);
    expect(run.incremental).toBe(true);
    expect(feedTree(out)).toEqual(fresh(posts));
  });

  it('builds everything when the page size changed', () => {
    const posts = archive('options', 6);
    const out = path.join(dir, 'options', 'out');
    build(posts, out);
    const log: string[] = [];
    const run = build(posts, out, { pageSize: 3 }, log);
    expect(run.incremental).toBe(false);
    expect(run.parsed).toBe(6);
    expect(log).toContain('build:feed: the options or site settings changed since the last build; building everything');
    expect(feedTree(out)).toEqual(fresh(posts, 3));
    // …and the next build with the same options is incremental again.
    expect(build(posts, out, { pageSize: 3 }).incremental).toBe(true);
  });

  it('builds everything when the cache was written by another version of the builder', () => {
    const posts = archive('version', 5);
    const out = path.join(dir, 'version', 'out');
    build(posts, out);
    const file = path.join(out, CACHE_FILE);
    const bytes = readFileSync(file);
    const newline = bytes.indexOf(0x0a);
    const header = bytes.toString('utf8', 0, newline).replace(/"version":"[^"]*"/, '"version":"older"');
    writeFileSync(file, Buffer.concat([Buffer.from(header), bytes.subarray(newline)]));
    const log: string[] = [];
    const run = build(posts, out, {}, log);
    expect(run).toMatchObject({ incremental: false, parsed: 5 });
    expect(log).toContain('build:feed: the last build was made by another version of the builder; building everything');
    expect(feedTree(out)).toEqual(fresh(posts));
  });

  it('builds everything with --full', () => {
    const posts = archive('full', 4);
    const out = path.join(dir, 'full', 'out');
    build(posts, out);
    expect(build(posts, out, { full: true })).toMatchObject({ incremental: false, parsed: 4 });
  });

  it.each([
    ['not JSON', 'garbage'],
    ['cut short', null],
    ['a post record of the wrong shape', 'shape'],
  ])('warns about a corrupt cache (%s) and builds everything, correctly', (_what, how) => {
    const posts = archive(`corrupt-${how ?? 'cut'}`, 6);
    const out = path.join(path.dirname(posts), 'out');
    build(posts, out);
    const file = path.join(out, CACHE_FILE);
    const bytes = readFileSync(file);
    if (how === 'garbage') writeFileSync(file, 'garbage');
    else if (how === null) writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    else {
      // A file name that is a number: the state is whole but not of the right shape.
      const newline = bytes.indexOf(0x0a) + 1;
      const body = deserialize(bytes.subarray(newline)) as { files: unknown[] };
      body.files[0] = 1;
      writeFileSync(file, Buffer.concat([bytes.subarray(0, newline), serialize(body)]));
    }
    writeTree(posts, Object.fromEntries([postFile(7)]));
    const log: string[] = [];
    const run = build(posts, out, {}, log);
    expect(run.incremental).toBe(false);
    expect(log[0]).toMatch(new RegExp(`^build:feed: warning: the cache ${out}/${CACHE_FILE} is unusable \\(.+\\); building everything$`));
    expect(feedTree(out)).toEqual(fresh(posts));
  });

  it('leaves the output and the cache as they were when a rebuild cannot write, and catches up next time', () => {
    const posts = archive('full-disk', 6);
    const out = path.join(dir, 'full-disk', 'out');
    build(posts, out);
    const before = readTree(out);
    writeTree(posts, Object.fromEntries([postFile(7), postFile(8)]));
    // The disk fills up after three of the changed files: nothing may change, the cache included.
    failWrites.after = 3;
    try {
      expect(() => build(posts, out)).toThrow('ENOSPC');
    } finally {
      failWrites.after = -1;
    }
    expect(readTree(out)).toEqual(before);
    const run = build(posts, out);
    expect(run).toMatchObject({ incremental: true, parsed: 2 });
    expect(feedTree(out)).toEqual(fresh(posts));
  });
});

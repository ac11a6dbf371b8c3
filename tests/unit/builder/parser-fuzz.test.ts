/**
 * Property-based tests of the parse path (front matter → trailer → render → Jekyll identity) and of
 * `buildFeed` on small random folders: random front matter (YAML's special words, anchors, tags, quotes,
 * colons, tabs, Unicode, very long lines) and random bodies (`---` lines, HTML, autolinks, back-links).
 *
 * The seed is fixed so that CI runs the same cases every time; on a failure fast-check prints the seed
 * and the path of the smallest failing case. Explore with other seeds or more runs:
 *   FC_SEED=123 FC_SCALE=10 npx vitest run tests/unit/builder/parser-fuzz.test.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeed } from '../../../src/builder/build.ts';
import { normalizeText, splitFrontMatter } from '../../../src/builder/front-matter.ts';
import { resolvePost } from '../../../src/builder/post.ts';
import { renderBody } from '../../../src/builder/render.ts';
import { liftMarkdownTrailer } from '../../../src/builder/trailer.ts';
import { itemIdForPath } from '../../../src/feed/paths.ts';
import * as schema from '../../../src/feed/schema.ts';
import { toRfc3339 } from '../../../src/lib/time-zone.ts';
import { removeDir, schemaFor, site, tempDir } from './helpers.ts';

const SEED = Number(process.env.FC_SEED ?? 20211208);
/** A multiplier of the run counts below (which keep the file under ~10 s); FC_SCALE=10 for a longer hunt. */
const SCALE = Number(process.env.FC_SCALE ?? 1) || 1;
const runs = (n: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * SCALE)) });
/** The test timeout, grown with the number of runs. */
const TIMEOUT = 30_000 * Math.max(1, SCALE);
const TIME_ZONE = 'Asia/Shanghai';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

// ---- front matter ----

/** Words YAML 1.1 (and Psych) read specially, and other things a scraper might have written. */
const YAML_SPECIAL = [
  ...['yes', 'No', 'ON', 'off', 'y', 'n', 'Y', 'true', 'False', '~', 'null', 'Null', 'NULL', '', '""', "''", '" "'],
  ...['&a', '*a', '&a x', '*a ', '&a [1, *a]', '<<', '<<: *a', '!!binary', '!!binary aGVsbG8=', '!!binary "not base64!"', '!!str 1', '!!int x'],
  ...['!!float x', '!!map', '!!seq', '!!set', '!!omap', '!!timestamp x', '!<tag:yaml.org,2002:str> x', '!local x', '!', '%TAG ! x', '%YAML 1.1'],
  ...['---', '...', '- ', '-', '? ', '? x', ': x', ':', '|', '|-', '|+2', '>', '>-', '#', '# comment', 'x # comment', 'x#y', '@x', '`x'],
  ...['"', "'", '"unterminated', "'it''s'", '"a "b" c"', "'a 'b' c'", '"\\"', '"\\q"', '[a, b', '{a: b', '[]', '{}', '[a, [b, [c]]]', '{a: {b: c}}'],
  ...['.inf', '-.Inf', '.NaN', '0x1F', '0o17', '010', '0b101', '1_000', '1:20', '190:20:30', '12.50', '+1', '-0', '1e3', '6.3746'],
  ...['2021-12-08', '2021-12-08 10:46:18', '2021-12-08T10:46:18Z', '2021-12-08 10:46:18 +0800', '2021-12-08 10:46:18.5 -05:00', '2021-12-08 10:46'],
  ...['2021-02-30', '2021-13-01', '9999-12-31 23:59:59', '0001-01-01', '1900-01-01 00:00:00', '2021-1-8', '"2021-12-08 10:46:18"', "'2021-12-08'"],
  ...['"\\ud800"', '"\\udc00x"', '"\\ud83d\\udcc8"', '"\\x00"', '"\\0"', '"\\U0001F4C8"', '"\\t\\n"', '"\\u3000"', '\t', '\u3000', '\ufeff', '\u2028', '\u0085'],
  ...['：', '（文章来源：东方财富）', '离岸人民币', '📈 新闻', 'emnews', '21caijingAPP', '../..', '/abs', 'a/b', 'C:\\x', '%2e%2e', '?q=1#h'],
];
const KEYS = ['title', 'date', 'categories', 'category', 'tags', 'tag', 'slug', 'permalink', 'layout', 'published', 'excerpt', '<<', '? x', '"quoted"', 'a:b', '中文', ''];

const shortString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: fc.constantFrom(':', '"', "'", '\t', ' ', '#', '-', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '\\', 'a', '中', '📈'), maxLength: 16 }),
);
const longLine = fc.tuple(fc.constantFrom('x', '中', '📈', 'a ', '"', ': '), fc.integer({ min: 300, max: 12_000 })).map(([unit, n]) => unit.repeat(n));
const atom = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...YAML_SPECIAL) }, { weight: 3, arbitrary: shortString }, { weight: 1, arbitrary: longLine });
const yamlValue = fc.oneof(
  { weight: 5, arbitrary: atom },
  { weight: 2, arbitrary: fc.array(atom, { maxLength: 4 }).map((parts) => parts.join(' ')) },
  { weight: 1, arbitrary: fc.array(atom, { maxLength: 4 }).map((parts) => `[${parts.join(', ')}]`) },
  { weight: 1, arbitrary: fc.array(atom, { maxLength: 3 }).map((parts) => `{${parts.map((p, i) => `k${i}: ${p}`).join(', ')}}`) },
);
const yamlKey = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: shortString });
const frontMatterLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(yamlKey, yamlValue).map(([k, val]) => `${k}: ${val}`) },
  { weight: 1, arbitrary: fc.tuple(yamlKey, yamlValue).map(([k, val]) => `${k}:${val}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(' ', '  ', '\t', '    '), yamlKey, yamlValue).map(([indent, k, val]) => `${indent}${k}: ${val}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('- ', '  - ', '-'), yamlValue).map(([dash, val]) => `${dash}${val}`) },
  { weight: 1, arbitrary: yamlValue },
);
const frontMatter = fc.array(frontMatterLine, { maxLength: 8 }).map((lines) => lines.join('\n'));

// ---- bodies ----

const SITE_HREFS = ['//finews.withounder.com/', '//finews.zning.me/emnews/', '//finews.withounder.com/category/emnews.html', 'https://finews.withounder.com/emnews/2021/12/08/x.html', '//other.example/', '', 'javascript:alert(1)'];
const backlinkLine = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('东财滚动新闻', '首页', '', ' '), shortString), fc.oneof(fc.constantFrom(...SITE_HREFS), shortString)), { minLength: 1, maxLength: 3 })
  .chain((links) =>
    fc.constantFrom('｜', '|', ' ', '').map((sep) => links.map(([label, href]) => `[返回${label.replace(/[[\]\n]/g, '')}](${href.replace(/[()\s]/g, '')})`).join(sep)),
  );
const autolinkLine = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }).map((url) => `<${url}>`),
  fc.constantFrom('<>', '<//finews.zning.xyz/a.html>', '<http://>', '< http://x >', '<HTTPS://X.EXAMPLE/A>'),
);
const BODY_LINES = [
  ...['---', '...', '--- ', '', ' ', '\t', '\u3000', '<div>', '</div>', '<p>段落</p>', '<p>', '</p>', '<br>', '<img src="https://x.example/a.png">', '<img data-src="http://x.example/b.jpg">'],
  ...['<img src="javascript:alert(1)">', '<script>alert(1)</script>', '<style>p{}</style>', '<!-- c', '-->', '<![CDATA[x]]>', '<table><tr><td>a</td><td>b</td></tr></table>'],
  ...['<p class="em_media">（文章来源：东方财富）</p>', '（文章来源：中国基金报）', '(文章来源: X)', '（文章来源：）', '> quote', '* item', '1. item', '# h1', '```', '    code', '&amp; &lt; &#0; &#xD800;'],
  ...['[返回首页](//finews.withounder.com/)', '[返回](', '](x)', '<http://a.example/b>', 'x <http://a.example/b>', '\\', '*', '_', '|a|b|\n|-|-|'],
];
const bodyLine = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...BODY_LINES) },
  { weight: 3, arbitrary: shortString },
  { weight: 2, arbitrary: backlinkLine },
  { weight: 2, arbitrary: autolinkLine },
  { weight: 1, arbitrary: longLine },
);
const body = fc.array(bodyLine, { maxLength: 12 }).map((lines) => lines.join('\n'));

/** A whole post file's text: front matter and body, or something that only looks like it. */
const postText = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat(2), frontMatter, body).map(([blank, fm, b]) => `${'\n'.repeat(blank)}---\n${fm}\n---\n${b}`) },
  { weight: 1, arbitrary: fc.tuple(frontMatter, body).map(([fm, b]) => `\ufeff---\r\n${fm}\r\n---\r\n${b}`.replace(/(?<!\r)\n/g, '\r\n')) },
  { weight: 1, arbitrary: fc.tuple(frontMatter, body).map(([fm, b]) => `---\n${fm}\n${b}`) },
  { weight: 1, arbitrary: body },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

// ---- file names ----

/** A file or folder name the file system takes: no `/` or NUL, not `.` or `..`, at most 200 bytes. */
const nameText = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
    fc.constantFrom('202112082206672930', 'NW202205272393499268', '-202205262392327614', '..x', '.', 'a b', '中文', '📈', 'x.y', '~', '%41', 'a?b#c'),
  )
  .map((s) => s.replace(/[/\0]/g, '_'))
  .filter((s) => s !== '.' && s !== '..' && s !== '' && Buffer.byteLength(s) <= 180);
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const datePrefix = fc.oneof(
  fc.tuple(fc.integer({ min: 1995, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${pad(m, 2)}-${pad(d, 2)}-`),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${pad(y, 4)}-${m}-${d}-`),
  fc.constant(''),
);
const extension = fc.constantFrom('.md', '.md', '.markdown', '.html', '.htm', '.MD', '.txt', '');
const fileName = fc.tuple(datePrefix, nameText, extension).map(([date, name, ext]) => `${date}${name}${ext}`).filter((n) => Buffer.byteLength(n) <= 250);
/** A path under the posts folder; folders start with `d` (never hidden, never `_posts` or `node_modules`). */
const relPath = fc.tuple(fc.array(nameText.map((n) => `d${n}`), { maxLength: 2 }), fileName).map(([dirs, name]) => [...dirs, name].join('/'));

// ---- checks ----


const nonBlankLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

describe('the parse path on random posts', () => {
  it('never throws; imports with a usable URL, id and date, or skips with the reason', () => {
    fc.assert(
      fc.property(postText, fileName, (text, rel) => {
        const normalized = normalizeText(text);
        const fm = splitFrontMatter(normalized);
        for (const problem of fm?.problems ?? []) expect(problem).toMatch(/^line \d+: |^front matter /);
        const trailer = liftMarkdownTrailer(fm ? fm.body : normalized);
        const rendered = renderBody(trailer.body, /\.html?$/i.test(rel));
        expect([...rendered.summary].length).toBeLessThanOrEqual(121);
        const resolved = resolvePost(rel, fm, rendered.text, { timeZone: TIME_ZONE, permalink: null });
        if (!resolved.ok) {
          expect(resolved.reason).toMatch(/^no usable date: /);
          return;
        }
        const { meta } = resolved;
        expect(meta.urlPath).toMatch(/^\//);
        expect(itemIdForPath(meta.urlPath)).toMatch(schema.ID_PATTERN);
        expect(toRfc3339(meta.date.publishedMs, TIME_ZONE)).toMatch(RFC3339);
        expect(typeof meta.title).toBe('string');
        for (const category of meta.categories) expect(category).not.toBe('');
        for (const warning of meta.warnings) expect(warning.length).toBeGreaterThan(10);
      }),
      runs(300),
    );
  }, TIMEOUT);
});

describe('liftMarkdownTrailer on random bodies', () => {
  it('removes nothing but the trailer lines: body + lifted lines give back the input, blank lines aside', () => {
    const isTrailerLine = (line: string): boolean => /^<(?:(?:https?:)?\/\/[^\s<>]*)?>$/i.test(line) || /^(?:\s*\[返回[^\]]*\]\([^)\s]*\)\s*[｜|]?\s*)+$/.test(line);
    fc.assert(
      fc.property(body, fc.array(fc.oneof(backlinkLine, autolinkLine, fc.constantFrom('', ' ')), { maxLength: 4 }), (text, tail) => {
        const input = [text, ...tail].join('\n');
        const { body: kept, lifted, externalUrl, backlinks } = liftMarkdownTrailer(input);
        expect(input.startsWith(kept)).toBe(true);
        expect(nonBlankLines(input.slice(kept.length))).toEqual(lifted);
        for (const line of lifted) expect(isTrailerLine(line), line).toBe(true);
        // What it lifted last is all it could: the body's last line is no trailer line.
        const last = nonBlankLines(kept).at(-1);
        if (last !== undefined && lifted.length > 0) expect(isTrailerLine(last) && (last.startsWith('<') || /\[返回/.test(last)), last).toBe(false);
        if (externalUrl !== null) expect(lifted.some((line) => line.includes(externalUrl))).toBe(true);
        expect(backlinks.length).toBeGreaterThanOrEqual(lifted.filter((l) => l.startsWith('[')).length);
      }),
      runs(500),
    );
  }, TIMEOUT);
});

describe('buildFeed on small random folders', () => {
  let root = '';
  let run = 0;
  beforeAll(() => {
    root = tempDir('fuzz');
  });
  afterAll(() => removeDir(root));

  const content = fc.oneof(
    { weight: 8, arbitrary: postText },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
    // GB18030-looking bytes (lead 0x81–0xFE, trail 0x40–0xFE) after an ASCII front matter.
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(fc.integer({ min: 0x81, max: 0xfe }), fc.integer({ min: 0x40, max: 0xfe })), { maxLength: 40 })
        .map((pairs) => Buffer.concat([Buffer.from('---\ntitle: t\ndate: 2021-12-08\n---\n'), Buffer.from(pairs.flat())])),
    },
  );
  // Unique paths, none of them a folder of another.
  const folder = fc
    .uniqueArray(fc.tuple(relPath, content), { selector: ([rel]) => rel, maxLength: 6 })
    .filter((files) => files.every(([a]) => files.every(([b]) => !b.startsWith(`${a}/`))));

  it('never throws; reports every file once; every output file matches the schema; ids are unique and safe', () => {
    fc.assert(
      fc.property(folder, (files) => {
        const posts = path.join(root, `run-${run++}`);
        mkdirSync(posts);
        try {
          for (const [rel, data] of files) {
            mkdirSync(path.dirname(path.join(posts, rel)), { recursive: true });
            writeFileSync(path.join(posts, rel), data);
          }
          const result = buildFeed({ postsDirs: [posts], site: site() });

          expect(result.report.posts.map((p) => p.file).sort()).toEqual(files.map(([rel]) => rel).sort());
          for (const entry of result.report.posts) {
            if (entry.status === 'imported') expect(entry.id, entry.file).toMatch(schema.ID_PATTERN);
            else expect(entry.reason, entry.file).toBeTruthy();
          }
          for (const [name, text] of result.files) schema.parseFeedJson(schemaFor(name), JSON.parse(text), name);
          const items = [...result.files].filter(([name]) => name.startsWith('items/')).map(([, text]) => schema.parseFeedJson(schema.ItemSchema, JSON.parse(text), 'item'));
          const ids = items.map((item) => item.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(items.map((item) => item._finews.path)).size).toBe(ids.length);
          expect(result.report.posts.filter((p) => p.status === 'imported').map((p) => p.id).sort()).toEqual([...ids].sort());
          expect(result.stats.files).toBe(files.length);
        } finally {
          rmSync(posts, { recursive: true, force: true });
        }
      }),
      runs(120),
    );
  }, TIMEOUT);
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateArchive, KIND_WEIGHTS, main, type ArchiveStats } from '../../scripts/gen-archive.ts';
import { buildFeed, type BuildResult } from '../../src/builder/build.ts';
import { loadSiteConfig } from '../../src/builder/site-config.ts';

const POSTS = 500;
const SOURCES = 50;
/** A seed whose 500 posts hold every quirk at least once. */
const SEED = 7;

/** Every file under `dir`: relative path → bytes. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(path.relative(dir, path.join(entry.parentPath, entry.name)), readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return out;
}

describe('gen:archive', () => {
  let root = '';
  let a = '';
  let stats: ArchiveStats;
  let feed: BuildResult;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'finews-gen-archive-'));
    a = path.join(root, 'a');
    stats = generateArchive({ posts: POSTS, sources: SOURCES, out: a, seed: SEED });
    feed = buildFeed({ postsDirs: [a], site: loadSiteConfig({ configFile: path.join(a, '_config.yml') }) });
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes the asked number of posts, one category page per source, and a _config.yml without theme or plugins', () => {
    const posts = readdirSync(path.join(a, '_posts'));
    expect(posts).toHaveLength(POSTS);
    for (const name of posts) expect(name).toMatch(/^2022-\d{2}-\d{2}-(?:NW)?\d{18}\.md$/);
    expect(readdirSync(path.join(a, 'category'))).toHaveLength(SOURCES);
    const config = readFileSync(path.join(a, '_config.yml'), 'utf8');
    expect(config).toContain('timezone: Asia/Shanghai');
    expect(config).not.toMatch(/^(?:theme|plugins):/m);
    expect(stats.sources).toHaveLength(SOURCES);
    expect([...stats.postsPerSource.values()].reduce((x, y) => x + y, 0)).toBe(POSTS);
    expect([...stats.postsPerSource.values()].every((n) => n >= 1)).toBe(true);
  });

  it('is deterministic for a seed, and a different seed gives a different archive', () => {
    const b = path.join(root, 'b');
    const c = path.join(root, 'c');
    generateArchive({ posts: POSTS, sources: SOURCES, out: b, seed: SEED });
    generateArchive({ posts: POSTS, sources: SOURCES, out: c, seed: SEED + 1 });
    const ta = tree(a);
    const tb = tree(b);
    expect([...tb.keys()].sort()).toEqual([...ta.keys()].sort());
    for (const [rel, bytes] of ta) expect(tb.get(rel)?.equals(bytes), rel).toBe(true);
    const tc = tree(c);
    const samePosts = [...tc].filter(([rel, bytes]) => rel.startsWith('_posts') && ta.get(rel)?.equals(bytes));
    expect(samePosts).toEqual([]);
    expect([...tc.keys()].filter((rel) => rel.startsWith('_posts')).sort()).not.toEqual([...ta.keys()].filter((rel) => rel.startsWith('_posts')).sort());
  });

  it('replaces its own earlier output but refuses a folder it did not write', () => {
    const d = path.join(root, 'd');
    generateArchive({ posts: 30, sources: 5, out: d, seed: 1 });
    generateArchive({ posts: 20, sources: 4, out: d, seed: 1 });
    expect(readdirSync(path.join(d, '_posts'))).toHaveLength(20);
    expect(readdirSync(path.join(d, 'category'))).toHaveLength(4);
    const foreign = path.join(root, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'keep.txt'), 'mine');
    expect(() => generateArchive({ posts: 10, sources: 2, out: foreign })).toThrow(/not empty/);
    expect(readdirSync(foreign)).toEqual(['keep.txt']);
  });

  it('skews posts per source: the top 10% of sources hold more than half the posts', () => {
    const counts = [...stats.postsPerSource.values()].sort((x, y) => y - x);
    const top = counts.slice(0, Math.ceil(SOURCES / 10)).reduce((x, y) => x + y, 0);
    expect(top / POSTS).toBeGreaterThan(0.5);
    // Every post's first category is its source, and front matter agrees with the stats.
    const firstCategory = new Map<string, number>();
    for (const name of readdirSync(path.join(a, '_posts'))) {
      const cat = /^categories: (\S+)/m.exec(readFileSync(path.join(a, '_posts', name), 'utf8'))?.[1] ?? '';
      firstCategory.set(cat, (firstCategory.get(cat) ?? 0) + 1);
    }
    expect(firstCategory).toEqual(stats.postsPerSource);
  });

  it('has body kinds and features in about the corpus proportions, and each quirk at least once', () => {
    const total = KIND_WEIGHTS.short + KIND_WEIGHTS.medium + KIND_WEIGHTS.long;
    const bodies = POSTS - stats.kinds.empty;
    expect(stats.kinds.short / bodies).toBeCloseTo(KIND_WEIGHTS.short / total, 1);
    expect(stats.kinds.long / bodies).toBeCloseTo(KIND_WEIGHTS.long / total, 1);
    expect(stats.features.noTz / POSTS).toBeCloseTo(54 / 115, 1);
    expect(stats.features.backlinks / POSTS).toBeCloseTo(104 / 115, 1);
    expect(stats.features.img).toBeGreaterThan(0);
    expect(stats.features.nw).toBeGreaterThan(0);
    expect(stats.quirkFiles.unescapedQuoteTitle.length).toBeGreaterThan(0);
    expect(stats.quirkFiles.twoWordCategories.length).toBeGreaterThan(0);
    expect(stats.quirkFiles.emptyBody.length).toBeGreaterThan(0);
    expect(stats.bytesP50).toBeGreaterThan(400);
    expect(stats.bytesP50).toBeLessThan(800);
  });

  it('is read whole by the real builder, with one warning per title with unescaped quotes and nothing else', () => {
    expect(feed.stats).toMatchObject({ files: POSTS, imported: POSTS, skipped: 0, categories: SOURCES });
    expect(feed.stats.warnings).toBe(stats.quirkFiles.unescapedQuoteTitle.length);
    const warned = feed.report.posts.filter((p) => p.warnings.length > 0);
    expect(warned.map((p) => p.file).sort()).toEqual(stats.quirkFiles.unescapedQuoteTitle.map((f) => `_posts/${f}`).sort());
    for (const p of warned) expect(p.warnings).toEqual([expect.stringMatching(/front matter is not valid YAML/)]);
    // The trailer is lifted into fields: the source line, the address, the back-links. (Not where a
    // two-word category puts a space in the back-link's address: as in the real archive, that line is
    // no Markdown link, so it and the address above it stay in the body.)
    const items = new Map(
      [...feed.files].filter(([f]) => f.startsWith('items/')).map(([, text]) => {
        const item = JSON.parse(text) as { id: string; content_html: string; external_url?: string; _finews: { source: { attributed: boolean }; backlinks: unknown[] } };
        return [item.id, item];
      }),
    );
    expect(items.size).toBe(POSTS);
    const twoWord = new Set(stats.quirkFiles.twoWordCategories.map((f) => `_posts/${f}`));
    let attributed = 0;
    for (const entry of feed.report.posts) {
      const item = items.get(entry.id ?? '');
      expect(item, entry.file).toBeDefined();
      if (!item || twoWord.has(entry.file)) continue;
      const text = readFileSync(path.join(a, entry.file), 'utf8');
      expect(item.external_url, entry.file).toBe(/^<(http[^>]*)>$/m.exec(text)?.[1]);
      expect(item._finews.backlinks.length > 0, entry.file).toBe(text.includes('[返回首页]'));
      expect(item.content_html, entry.file).not.toMatch(/文章来源|<http|<>|返回首页/);
      if (item._finews.source.attributed) attributed++;
    }
    expect(attributed).toBeLessThanOrEqual(stats.features.sourceAttribution);
    expect(attributed).toBeGreaterThanOrEqual(stats.features.sourceAttribution - twoWord.size);
  });

  it('exits 2 with a clear message on bad arguments', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const out = path.join(root, 'bad');
      expect(main(['--posts', '10', '--sources', '2'])).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/--out <dir> is required/);
      expect(main(['--posts', 'ten', '--sources', '2', '--out', out])).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/--posts <n> "ten" must be a whole number/);
      expect(main(['--posts', '10', '--sources', '20', '--out', out])).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/--sources 20 is more than --posts 10/);
      expect(main(['--posts', '10', '--sources', '2', '--out', out, '--seed', '-1'])).toBe(2);
      expect(main(['--posts', '10', '--sources', '2', '--out', out, '--frobnicate'])).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/Unknown option '--frobnicate'/);
    } finally {
      stderr.mockRestore();
    }
  });
});

import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildFeed, type BuildResult } from '../../../src/builder/build.ts';
import { checkFeedArgs, runFeedBuild } from '../../../src/builder/cli.ts';
import { CACHE_FILE } from '../../../src/builder/feed-cache.ts';
import { loadCategoryPages, loadSiteConfig } from '../../../src/builder/site-config.ts';
import { writeOutput } from '../../../src/builder/write.ts';
import { categoryDir, escapeKey } from '../../../src/feed/paths.ts';
import * as schema from '../../../src/feed/schema.ts';
import { itemsOf, post, readTree, removeDir, SAMPLE, schemaFor, site, tempDir, walkPages, writeTree } from './helpers.ts';
import { failWrites } from './failing-fs.ts';

// Writing fails on demand (disk full after N files), to check that a failed write keeps the old output.
vi.mock('node:fs', async (importOriginal) => (await import('./failing-fs.ts')).failingFs(await importOriginal()));

const KB = 1024;
const byNewest = (a: schema.ListItem, b: schema.ListItem): number =>
  Date.parse(b.date_published) - Date.parse(a.date_published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);


function sampleBuild(pageSize?: number): BuildResult {
  return buildFeed({
    postsDirs: [path.join(SAMPLE, '_posts')],
    site: loadSiteConfig({ configFile: path.join(SAMPLE, '_config.yml'), aliasHosts: ['finews.zning.me'] }),
    categoryTitles: loadCategoryPages(path.join(SAMPLE, 'category')),
    ...(pageSize ? { pageSize } : {}),
  });
}

/** The checks every build must pass, whatever its input. */
function checkFeed(result: BuildResult, inputs: string[]): void {
  const { files } = result;
  const json = new Map([...files].map(([name, text]) => [name, JSON.parse(text) as unknown]));

  // Every file matches its schema, is pretty small, and ends in a newline.
  for (const [name, data] of json) {
    schema.parseFeedJson(schemaFor(name), data, name);
    if (!name.startsWith('items/')) expect(Buffer.byteLength(files.get(name) ?? ''), name).toBeLessThan(250 * KB);
    expect(files.get(name)?.endsWith('}\n'), name).toBe(true);
  }

  const items = [...json].filter(([name]) => name.startsWith('items/')).map(([name, data]) => ({ name, item: data as schema.Item }));
  for (const { name, item } of items) expect(name).toBe(`items/${item.id}.json`);
  const ids = items.map(({ item }) => item.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(items.map(({ item }) => item._finews.path)).size).toBe(ids.length);

  // The river: one chain of pages, each once, holding every item once, newest first.
  const river = walkPages(files, '');
  const listed = itemsOf(river.pages);
  expect(listed.map((i) => i.id)).toEqual(items.map(({ item }) => item).sort(byNewest).map((i) => i.id));
  river.pages.forEach((page, i) => {
    expect(page.version).toBe('https://jsonfeed.org/version/1.1');
    // Pages count from the oldest; only the newest (first) page carries the totals.
    const counts = i === 0 ? { pages: river.pages.length, total: ids.length } : {};
    expect(page._finews).toEqual({ page: river.pages.length - i, page_size: page._finews.page_size, ...counts });
    expect(page.items.length).toBeLessThanOrEqual(i === 0 ? 2 * page._finews.page_size - 1 : page._finews.page_size);
  });
  const feedPages = [...files.keys()].filter((f) => /^feed(?:-\d+)?\.json$/.test(f));
  expect(river.names.sort()).toEqual(feedPages.sort());
  for (const listItem of listed) {
    expect(listItem).not.toHaveProperty('content_html');
    expect(json.get(`items/${listItem.id}.json`)).toMatchObject(listItem);
  }

  // Each category: its own chain, exactly the items filed under it, newest first.
  const { categories } = json.get('categories.json') as schema.Categories;
  const allCategories = new Set(items.flatMap(({ item }) => item._finews.categories));
  expect(categories.map((c) => c.slug).sort()).toEqual([...allCategories].sort());
  for (const category of categories) {
    expect(category.key).toBe(escapeKey(category.slug));
    const chain = walkPages(files, categoryDir(category.slug));
    const expected = items.map(({ item }) => item).filter((item) => item._finews.categories.includes(category.slug)).sort(byNewest);
    expect(itemsOf(chain.pages).map((i) => i.id), category.slug).toEqual(expected.map((i) => i.id));
    expect(category.count).toBe(expected.length);
    expect(category.latest).toBe(expected[0]?.date_published);
    const pagesInDir = [...files.keys()].filter((f) => f.startsWith(`${categoryDir(category.slug)}/`));
    expect(chain.names.sort()).toEqual(pagesInDir.sort());
  }

  // The report: every input once; imported ones point at their items.
  const report = json.get('report.json') as schema.Report;
  expect(report.posts.map((p) => p.file).sort()).toEqual([...inputs].sort());
  const imported = report.posts.filter((p) => p.status === 'imported');
  expect(imported.map((p) => p.id).sort()).toEqual([...ids].sort());
  for (const p of report.posts) expect(p.status === 'skipped' ? p.reason : p.id, p.file).toBeTruthy();
  expect(result.stats).toMatchObject({ files: inputs.length, imported: imported.length, skipped: inputs.length - imported.length, categories: categories.length });
}

describe('buildFeed on the sample archive', () => {
  let result: BuildResult;
  const item = (id: string): schema.Item => JSON.parse(result.files.get(`items/${id}.json`) ?? 'null') as schema.Item;
  const entry = (file: string) => result.report.posts.find((p) => p.file === file);

  beforeAll(() => {
    result = sampleBuild();
  });

  it('passes every feed check', () => {
    checkFeed(result, readdirSync(path.join(SAMPLE, '_posts')));
    expect(result.stats).toEqual({ files: 40, imported: 40, skipped: 0, warnings: 6, categories: 9 });
  });

  it('puts everything on one page at the default page size', () => {
    expect(walkPages(result.files, '').names).toEqual(['feed.json']);
  });

  it('describes the feed: title, URLs, language', () => {
    const first = JSON.parse(result.files.get('feed.json') ?? '') as schema.FeedPage;
    expect(first).toMatchObject({
      title: '金融消息',
      home_page_url: 'https://finews.withounder.com/',
      feed_url: 'https://finews.withounder.com/feed/feed.json',
      language: 'zh-CN',
      _finews: { page: 1, page_size: 50, pages: 1, total: 40 },
    });
    expect(first).not.toHaveProperty('next_url');
  });

  it('keeps Jekyll’s URL day but publishes a zone-less 17:05 at Beijing time', () => {
    expect(item('emnews_2022_05_28_202205272393451157')).toMatchObject({
      url: 'https://finews.withounder.com/emnews/2022/05/28/202205272393451157.html',
      date_published: '2022-05-27T17:05:42+08:00',
      external_url: 'http://finance.eastmoney.com/news/1345,202205272393451157.html',
      _finews: {
        backlinks: [
          { label: '返回东财滚动新闻', href: '//finews.zning.me/emnews/', route: '/c/emnews' },
          { label: '返回首页', href: '//finews.zning.me/', route: '/' },
        ],
        source: { name: '东财滚动新闻', attributed: false, category: 'emnews' },
      },
    });
  });

  it('lifts the source line, the original address and the back-links out of the body', () => {
    const it = item('zhongguojijinbao_2022_05_27_NW202205272393499268');
    expect(it).toMatchObject({
      title: '董事长称"不惜代价"推进改革 这家公募拟全面转型权益投资',
      external_url: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205272393499268',
      _finews: {
        source: { name: '中国基金报', attributed: true, category: 'zhongguojijinbao' },
        backlinks: [
          { label: '返回中国基金报新闻', href: '//finews.withounder.com/category/zhongguojijinbao.html', route: '/c/zhongguojijinbao' },
          { label: '返回首页', href: '//finews.withounder.com/', route: '/' },
        ],
      },
    });
    expect(it.content_html).not.toMatch(/文章来源|返回首页|NewsShare|em_media/);
  });

  it('drops the empty <> and sets no external URL for it', () => {
    const it = item('emnews_2022_05_27_202205272393256811');
    expect(it).not.toHaveProperty('external_url');
    expect(it.content_html).not.toContain('&lt;&gt;');
    expect(it._finews.backlinks.map((b) => b.route)).toEqual(['/c/emnews', '/']);
  });

  it('keeps an empty post, with an empty body and summary', () => {
    expect(item('emnews_2022_05_28_202205282394011514')).toMatchObject({ title: '周末重磅消息汇总', summary: '', content_html: '' });
  });

  it('names a source by its most common tag when its page is titled with the slug', () => {
    const { categories } = JSON.parse(result.files.get('categories.json') ?? '') as schema.Categories;
    expect(categories[0]).toEqual({ slug: 'emnews', key: 'emnews', name: '东财滚动新闻', count: 15, latest: '2022-05-31T10:05:56+08:00' });
    expect(categories.map((c) => c.slug)).toContain('21caijingAPP');
  });

  it('reports what it recovered, per file', () => {
    expect(entry('2022-05-27-NW202205272393499268.md')?.warnings).toEqual([
      'line 3: front matter is not valid YAML (Unexpected scalar at node end); recovered layout, title, date, categories, tags from its lines',
    ]);
    expect(entry('2022-05-28-NW202205282394424238.md')?.warnings).toEqual([
      'line 1: 2 blank line(s) before the opening "---" (Jekyll would not see the front matter); read it anyway',
    ]);
    expect(entry('-202205262392327614.md')?.warnings).toEqual(['file name has no date (Jekyll skips such posts); imported by its front matter date']);
    expect(entry('-202205312396913906.md')).toMatchObject({ status: 'imported', id: 'emnews_2022_05_31_202205312396913906' });
    expect(entry('2022-05-29-NW202205292395273327.html')).toMatchObject({ status: 'imported', warnings: [] });
    expect(entry('2022-05-27-NW202205272393618343.markdown')).toMatchObject({ status: 'imported', warnings: [] });
  });

  it('is deterministic: two builds give the same bytes', () => {
    const again = sampleBuild();
    expect([...again.files.keys()]).toEqual([...result.files.keys()]);
    for (const [name, text] of result.files) expect(again.files.get(name), name).toBe(text);
  });

  it('splits lists into pages with --page-size 3, chained through next_url', () => {
    const paged = sampleBuild(3);
    checkFeed(paged, readdirSync(path.join(SAMPLE, '_posts')));
    const river = walkPages(paged.files, '');
    // Anchored at the oldest end: 40 = 13 pages, the newest (feed.json) holding 3 + the remainder 1.
    expect(river.names).toEqual(['feed.json', ...Array.from({ length: 12 }, (_, i) => `feed-${12 - i}.json`)]);
    expect(river.pages.map((p) => p.items.length)).toEqual([4, ...Array<number>(12).fill(3)]);
    expect(river.pages[0]?._finews).toEqual({ page: 13, page_size: 3, pages: 13, total: 40 });
    expect(river.pages[1]?._finews).toEqual({ page: 12, page_size: 3 });
    expect(river.pages[0]?.next_url).toBe('feed-12.json');
    expect(walkPages(paged.files, 'c/emnews').names).toEqual(['c/emnews/feed.json', 'c/emnews/feed-4.json', 'c/emnews/feed-3.json', 'c/emnews/feed-2.json', 'c/emnews/feed-1.json']);
    expect(river.pages.map((p) => p.feed_url)).toEqual(river.names.map((n) => `https://finews.withounder.com/feed/${n}`));
  });
});

describe('buildFeed on small fixtures', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('build');
  });
  afterAll(() => removeDir(dir));

  const fixture = (name: string, files: Record<string, string>): string => writeTree(path.join(dir, name), files);

  it('keeps two posts with the same slug and date, with distinct ids and a warning', () => {
    const posts = fixture('same', {
      '2021-12-08-x.md': post({ title: 'first', date: '2021-12-08 10:00:00 +0800', categories: 'emnews' }),
      '2021-12-08-x.markdown': post({ title: 'second', date: '2021-12-08 11:00:00 +0800', categories: 'emnews' }),
    });
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkFeed(result, ['2021-12-08-x.md', '2021-12-08-x.markdown']);
    expect(result.report.posts).toEqual([
      {
        file: '2021-12-08-x.markdown',
        status: 'imported',
        id: 'emnews_2021_12_08_x',
        reason: null,
        warnings: [],
      },
      {
        file: '2021-12-08-x.md',
        status: 'imported',
        id: 'emnews_2021_12_08_x-2',
        reason: null,
        warnings: ['same permalink /emnews/2021/12/08/x.html as 2021-12-08-x.markdown; both kept, this one is at /emnews/2021/12/08/x-2.html'],
      },
    ]);
    const second = JSON.parse(result.files.get('items/emnews_2021_12_08_x-2.json') ?? '') as schema.Item;
    expect(second).toMatchObject({ title: 'first', url: 'https://finews.withounder.com/emnews/2021/12/08/x.html', _finews: { path: '/emnews/2021/12/08/x-2.html' } });
  });

  it('lets a post Jekyll reads keep its permalink over one the builder recovered', () => {
    const posts = fixture('recovered', {
      // Sorted first, but Jekyll never reads it (no date in the name): it must not take the permalink.
      '-202205262391921712.md': post({ title: 'recovered', date: '2022-05-26 00:00:00 +0800', categories: 'emnews' }),
      '2022-05-26-202205262391921712.md': post({ title: 'jekyll', date: '2022-05-26 00:19:55 +0800', categories: 'emnews' }),
    });
    const result = buildFeed({ postsDirs: [posts], site: site() });
    const byFile = new Map(result.report.posts.map((e) => [e.file, e.id]));
    expect(byFile.get('2022-05-26-202205262391921712.md')).toBe('emnews_2022_05_26_202205262391921712');
    expect(byFile.get('-202205262391921712.md')).toBe('emnews_2022_05_26_202205262391921712-2');
  });

  it('never moves a post off its own permalink to make room for a duplicate', () => {
    const a = fixture('dup-a', { '2021-12-08-x.md': post({ title: 'a', date: '2021-12-08 10:00:00 +0800' }) });
    const b = fixture('dup-b', { '2021-12-08-x.md': post({ title: 'b', date: '2021-12-08 10:00:00 +0800' }) });
    const c = fixture('dup-c', { '2021-12-08-x-2.md': post({ title: 'c', date: '2021-12-08 10:00:00 +0800' }) });
    const result = buildFeed({ postsDirs: [a, b, c], site: site() });
    checkFeed(result, [`${a}/2021-12-08-x.md`, `${b}/2021-12-08-x.md`, `${c}/2021-12-08-x-2.md`]);
    const byTitle = new Map(
      [...result.files].filter(([n]) => n.startsWith('items/')).map(([, t]) => JSON.parse(t) as schema.Item).map((i) => [i.title, i._finews.path]),
    );
    expect(Object.fromEntries(byTitle)).toEqual({ a: '/2021/12/08/x.html', b: '/2021/12/08/x-3.html', c: '/2021/12/08/x-2.html' });
  });

  it('names each input file once in the report even when two --posts folders hold the same name', () => {
    const a = fixture('twice-a', { '2021-12-08-y.md': post({ title: 'a', date: '2021-12-08 10:00:00 +0800' }), 'notes.txt': 'x' });
    const b = fixture('twice-b', { '2021-12-08-y.md': post({ title: 'b', date: '2021-12-08 09:00:00 +0800' }), 'notes.txt': 'x' });
    const result = buildFeed({ postsDirs: [a, b], site: site() });
    checkFeed(result, [`${a}/2021-12-08-y.md`, `${a}/notes.txt`, `${b}/2021-12-08-y.md`, `${b}/notes.txt`]);
    expect(result.report.posts.filter((p) => p.status === 'skipped').map((p) => p.reason)).toEqual([
      'not a post file: only .md, .markdown, .html and .htm files are read',
      'not a post file: only .md, .markdown, .html and .htm files are read',
    ]);
  });

  it('skips what cannot be a post, saying why, and builds the rest', () => {
    const posts = fixture('bad', {
      '2021-12-08-ok.md': post({ title: 'ok', date: '2021-12-08 10:00:00 +0800' }),
      'about.md': post({ title: 'about' }),
      'image.png': '\u0000PNG',
      'binary.md': '---\u0000',
      '2021-12-08-surrogate.md': post({ title: 't', date: '2021-12-08 10:00:00 +0800', categories: '"\\ud800x"' }),
    });
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkFeed(result, ['2021-12-08-ok.md', 'about.md', 'image.png', 'binary.md', '2021-12-08-surrogate.md']);
    expect(Object.fromEntries(result.report.posts.map((p) => [p.file, p.reason]))).toEqual({
      '2021-12-08-ok.md': null,
      '2021-12-08-surrogate.md': null,
      'about.md': 'no usable date: front matter has no date and neither the file name nor the id "about" holds one',
      'binary.md': 'binary file (a NUL byte at offset 3), not a text post',
      'image.png': 'not a post file: only .md, .markdown, .html and .htm files are read',
    });
  });

  it('gives posts under a custom permalink stable ids, without warnings', () => {
    const posts = fixture('custom', {
      '2021-12-08-a.md': post({ title: 'a', date: '2021-12-08 10:00:00 +0800' }),
      '2021-12-09-b.md': post({ title: 'b', date: '2021-12-09 10:00:00 +0800' }),
    });
    const result = buildFeed({ postsDirs: [posts], site: site({ permalink: '/:title/' }) });
    checkFeed(result, ['2021-12-08-a.md', '2021-12-09-b.md']);
    expect(result.report.posts.map((p) => [p.id, p.warnings])).toEqual([
      ['~2Fa~2F', []],
      ['~2Fb~2F', []],
    ]);
  });

  it('builds an empty folder into an empty, valid feed', () => {
    const result = buildFeed({ postsDirs: [fixture('empty', {})], site: site({ siteUrl: null, hosts: [] }) });
    checkFeed(result, []);
    expect(JSON.parse(result.files.get('feed.json') ?? '')).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      title: '金融消息',
      language: 'zh-CN',
      items: [],
      _finews: { page: 1, page_size: 50, pages: 1, total: 0 },
    });
  });

  it('writes nothing outside --out, whatever the categories say', () => {
    const work = path.join(dir, 'outside');
    const posts = fixture('outside/posts', {
      '2021-12-08-a.md': post({ title: 'a', date: '2021-12-08 10:00:00 +0800', categories: '../../etc' }),
      '2021-12-08-b.md': post({ title: 'b', date: '2021-12-08 10:00:00 +0800', categories: '"../../../../tmp/x /abs .. ."' }),
      '2021-12-08-c.md': post({ title: 'c', date: '2021-12-08 10:00:00 +0800', categories: '📈 新闻 "a b" C:\\x' }),
      '2021-12-08-..md': post({ title: 'd', date: '2021-12-08 10:00:00 +0800', slug: '../../../escape' }),
    });
    const out = path.join(work, 'out');
    const result = runFeedBuild(checkFeedArgs({ posts: [posts], out }), () => {});
    expect(readdirSync(work).sort()).toEqual(['out', 'posts']);
    expect(readdirSync(posts).sort()).toEqual(['2021-12-08-..md', '2021-12-08-a.md', '2021-12-08-b.md', '2021-12-08-c.md']);
    const written = readTree(out);
    expect(written.has(CACHE_FILE)).toBe(true);
    written.delete(CACHE_FILE);
    for (const name of written.keys()) expect(name).toMatch(/^(?:[a-z]+\.json|(?:items|c\/[A-Za-z0-9~-]+)\/[A-Za-z0-9~_.-]+\.json)$/);
    expect([...written.keys()].filter((n) => n.startsWith('c/')).sort()).toEqual([
      'c/~2E~2E~2F~2E~2E~2F~2E~2E~2F~2E~2E~2Ftmp~2Fx/feed.json',
      'c/~2E~2E~2F~2E~2E~2Fetc/feed.json',
      'c/~2E~2E/feed.json',
      'c/~2E/feed.json',
      'c/~2Fabs/feed.json',
      'c/C~3A~5Cx/feed.json',
      'c/~22a/feed.json', // the quotes are part of a plain YAML string, split on whitespace: "a and b"
      'c/b~22/feed.json',
      'c/~E6~96~B0~E9~97~BB/feed.json',
      'c/~F0~9F~93~88/feed.json',
    ].sort());
    checkFeed({ ...result, files: written }, ['2021-12-08-..md', '2021-12-08-a.md', '2021-12-08-b.md', '2021-12-08-c.md']);
    expect(result.report.posts.map((p) => p.id)).toEqual([
      // slug ../../../escape: Jekyll's URL is /2021/12/08/-/-/-escape.html, not an article path, so its id is the escaped path
      '~2F2021~2F12~2F08~2F-~2F-~2F-escape~2Ehtml',
      'etc_2021_12_08_a',
      'tmp_x_abs_2021_12_08_b',
      '~F0~9F~93~88_~E6~96~B0~E9~97~BB_~22a_b~22_c~3A~5Cx_2021_12_08_c',
    ]);
    expect(result.report.posts.flatMap((p) => p.warnings)).toEqual([]);
  });
});

describe('writing the output', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('write');
  });
  afterAll(() => {
    failWrites.after = -1;
    removeDir(dir);
  });

  const previous = new Map([
    ['feed.json', '{"old":true}\n'],
    ['items/a.json', '{"a":1}\n'],
  ]);

  it('replaces the output folder whole, leaving nothing beside it', () => {
    const out = path.join(dir, 'replace', 'out');
    writeOutput(out, previous);
    writeTree(out, { 'stale.json': '{}' });
    writeOutput(out, new Map([['feed.json', '{"new":true}\n']]));
    expect(readTree(out)).toEqual(new Map([['feed.json', '{"new":true}\n']]));
    expect(readdirSync(path.dirname(out))).toEqual(['out']);
  });

  it('writes byte-identical folders for the same input', () => {
    const a = path.join(dir, 'same', 'a');
    const b = path.join(dir, 'same', 'b');
    writeOutput(a, sampleBuild(7).files);
    writeOutput(b, sampleBuild(7).files);
    expect(readTree(a)).toEqual(readTree(b));
    expect(readTree(a).size).toBeGreaterThan(40);
  });

  it('keeps the previous output when writing fails half-way (disk full)', () => {
    const out = path.join(dir, 'full', 'out');
    writeOutput(out, previous);
    failWrites.after = 5;
    expect(() => writeOutput(out, sampleBuild().files)).toThrow('ENOSPC');
    failWrites.after = -1;
    expect(readTree(out)).toEqual(previous);
    expect(readdirSync(path.dirname(out))).toEqual(['out']);
  });

  it('keeps the previous output when a file cannot be made (a path through a file)', () => {
    const out = path.join(dir, 'clash', 'out');
    writeOutput(out, previous);
    expect(() => writeOutput(out, new Map([['a', '1'], ['a/b.json', '2']]))).toThrow(/ENOTDIR|EEXIST/);
    expect(readTree(out)).toEqual(previous);
    expect(readdirSync(path.dirname(out))).toEqual(['out']);
  });

  it('refuses a file name that climbs out of the folder, keeping the previous output', () => {
    const out = path.join(dir, 'climb', 'out');
    writeOutput(out, previous);
    expect(() => writeOutput(out, new Map([['../escaped.json', '{}']]))).toThrow('refusing to write outside the output folder: ../escaped.json');
    expect(existsSync(path.join(dir, 'climb', 'escaped.json'))).toBe(false);
    expect(readTree(out)).toEqual(previous);
  });

  it('keeps the previous output of a CLI build whose writing fails', () => {
    const posts = writeTree(path.join(dir, 'cli', 'posts'), { '2021-12-08-a.md': post({ title: 'a', date: '2021-12-08 10:00:00 +0800' }) });
    const out = path.join(dir, 'cli', 'out');
    const args = checkFeedArgs({ posts: [posts], out });
    runFeedBuild(args, () => {});
    const before = readTree(out);
    writeTree(posts, { '2021-12-09-b.md': post({ title: 'b', date: '2021-12-09 10:00:00 +0800' }) });
    failWrites.after = 2;
    expect(() => runFeedBuild(args, () => {})).toThrow('ENOSPC');
    failWrites.after = -1;
    expect(readTree(out)).toEqual(before);
    runFeedBuild(args, () => {});
    expect(readTree(out).has('items/2021_12_09_b.json')).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)('keeps the previous output when the parent folder is read-only', () => {
    const parent = path.join(dir, 'readonly');
    const out = path.join(parent, 'out');
    writeOutput(out, previous);
    chmodSync(parent, 0o555);
    try {
      expect(() => writeOutput(out, sampleBuild().files)).toThrow(/EACCES|EPERM/);
    } finally {
      chmodSync(parent, 0o755);
    }
    expect(readTree(out)).toEqual(previous);
  });

  it('creates missing parent folders', () => {
    const out = path.join(dir, 'deep', 'a', 'b', 'out');
    mkdirSync(path.join(dir, 'deep'));
    writeOutput(out, previous);
    expect(readTree(out)).toEqual(previous);
  });
});

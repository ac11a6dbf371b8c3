/**
 * The builder under faults: every broken input is named in `report.json` with a precise message (the
 * file, the line where known, what is wrong, what was done) and none stops the build. The messages are
 * the product: they are asserted word for word.
 *
 * Covered elsewhere, not repeated here: two posts with the same slug and date (both kept, distinct ids,
 * a warning) in build.test.ts, "keeps two posts with the same slug and date, with distinct ids and a
 * warning"; a failing disk or an output path through a file in build.test.ts, "writing the output".
 *
 * Tests run as root in CI, where `chmod 000` does not stop a read: an unreadable file is made with a
 * mocked `readFileSync` that fails with EACCES (as `open` does for a chmod 000 file), besides the real
 * thing when not root, a dangling symbolic link, a symbolic-link loop, a link to a folder and a named pipe.
 */
import type * as realFs from 'node:fs';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildFeed, type BuildResult } from '../../../src/builder/build.ts';
import { MAX_YAML_DEPTH } from '../../../src/builder/front-matter.ts';
import { listFiles } from '../../../src/builder/read.ts';
import { writeOutput } from '../../../src/builder/write.ts';
import { categoryKey } from '../../../src/feed/paths.ts';
import * as schema from '../../../src/feed/schema.ts';
import { post, readTree, removeDir, SAMPLE, schemaFor, site, tempDir, writeTree } from './helpers.ts';

// Paths whose reading fails with EACCES, as a chmod 000 file or folder does for anyone but root.
const denied = vi.hoisted(() => new Set<string>());
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof realFs>();
  const eacces = (syscall: string, file: string): Error =>
    Object.assign(new Error(`EACCES: permission denied, ${syscall} '${file}'`), { code: 'EACCES', errno: -13, syscall, path: file });
  const readFileSync = ((file: realFs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (typeof file === 'string' && denied.has(file)) throw eacces('open', file);
    return (fs.readFileSync as (...args: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync;
  const readdirSync = ((dir: realFs.PathLike, ...rest: unknown[]) => {
    if (typeof dir === 'string' && denied.has(dir)) throw eacces('scandir', dir);
    return (fs.readdirSync as (...args: unknown[]) => unknown)(dir, ...rest);
  }) as typeof fs.readdirSync;
  return { ...fs, default: { ...fs, readFileSync, readdirSync }, readFileSync, readdirSync };
});

const DATE = '2021-12-08 10:00:00 +0800';
const ok = (title: string, extra: Record<string, string> = {}): string => post({ title, date: DATE, categories: 'emnews', ...extra });
const isRoot = process.getuid?.() === 0;


/** Every output file matches its schema; every item is in the report once, under its own id. */
function checkOutput(result: BuildResult): void {
  for (const [name, text] of result.files) schema.parseFeedJson(schemaFor(name), JSON.parse(text), name);
  const ids = [...result.files.keys()].filter((n) => n.startsWith('items/')).map((n) => n.slice('items/'.length, -'.json'.length));
  expect(result.report.posts.filter((p) => p.status === 'imported').map((p) => p.id).sort()).toEqual(ids.sort());
  expect(new Set(result.report.posts.map((p) => p.file)).size).toBe(result.report.posts.length);
}

/** The report as file → what happened to it (status, reason, warnings). */
const outcomes = (result: BuildResult) =>
  Object.fromEntries(result.report.posts.map(({ file, status, reason, warnings }) => [file, { status, reason, warnings }]));
const imported = (...warnings: string[]) => ({ status: 'imported', reason: null, warnings });
const skipped = (reason: string) => ({ status: 'skipped', reason, warnings: [] });

function item(result: BuildResult, file: string): schema.Item {
  const id = result.report.posts.find((p) => p.file === file)?.id;
  if (!id) throw new Error(`${file} was not imported`);
  return JSON.parse(result.files.get(`items/${id}.json`) ?? 'null') as schema.Item;
}

/** Bytes from text, with `{hex}` spliced in raw (for encodings Node cannot write). */
function bytes(parts: TemplateStringsArray, ...hex: string[]): Buffer {
  return Buffer.concat(parts.flatMap((text, i) => [Buffer.from(text, 'utf8'), Buffer.from(hex[i] ?? '', 'hex')]));
}
// GB18030 for the text in the comment (written with `iconv -t gb18030`).
const GB_RENMINBI = 'c8cbc3f1b1d2bbe3c2ca'; // 人民币汇率
const GB_BODY = 'c0ebb0b6c8cbc3f1b1d2b1a8362e3337a1a3'; // 离岸人民币报6.37。

/** Pseudo-random bytes (xorshift32; the same every run). */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

let dir = '';
beforeAll(() => {
  dir = tempDir('faults');
});
afterAll(() => {
  denied.clear();
  removeDir(dir);
});
const fixture = (name: string, files: Record<string, string | Buffer>): string => writeTree(path.join(dir, name), files);

describe('an empty folder', () => {
  // (build.test.ts checks the feed files of an empty folder; here, what is written and reported.)
  it('writes a valid feed with an empty report, for a bare folder and a site root with an empty _posts/', () => {
    const bare = fixture('empty', {});
    const root = fixture('empty-root', { 'index.md': ok('not a post: outside _posts/') });
    mkdirSync(path.join(root, '_posts'));
    mkdirSync(path.join(bare, '.git'));
    mkdirSync(path.join(bare, 'empty-sub'));
    for (const posts of [bare, root]) {
      const result = buildFeed({ postsDirs: [posts], site: site() });
      checkOutput(result);
      expect(result.stats).toEqual({ files: 0, imported: 0, skipped: 0, warnings: 0, categories: 0 });
      const out = path.join(dir, 'empty-out', path.basename(posts));
      writeOutput(out, result.files);
      expect(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'))).toEqual({ posts: [] });
      expect([...readTree(out).keys()]).toEqual(['categories.json', 'feed.json', 'report.json', 'site.json', 'sources.json']);
    }
  });
});

describe('files that cannot be read', () => {
  it('skips a dangling link, a link loop, a link to a folder and an unreadable file, saying why, and builds the rest', () => {
    const posts = fixture('unreadable', {
      '2021-12-08-ok.md': ok('ok'),
      '2021-12-08-locked.md': ok('locked'),
      'real-folder/2021-12-08-inside.md': ok('inside'),
    });
    symlinkSync('gone.md', path.join(posts, '2021-12-08-dangling.md'));
    symlinkSync('/nowhere/at/all/gone.md', path.join(posts, '2021-12-08-absolute.md'));
    symlinkSync('2021-12-08-loop-b.md', path.join(posts, '2021-12-08-loop-a.md'));
    symlinkSync('2021-12-08-loop-a.md', path.join(posts, '2021-12-08-loop-b.md'));
    symlinkSync('real-folder', path.join(posts, '2021-12-08-folder-link.md'));
    denied.add(path.join(posts, '2021-12-08-locked.md'));
    let result: BuildResult;
    try {
      result = buildFeed({ postsDirs: [posts], site: site() });
    } finally {
      denied.clear();
    }
    checkOutput(result);
    expect(outcomes(result)).toEqual({
      '2021-12-08-absolute.md': skipped('cannot read the file (ENOENT: a symbolic link to "…/gone.md", which does not exist)'),
      '2021-12-08-dangling.md': skipped('cannot read the file (ENOENT: a symbolic link to "gone.md", which does not exist)'),
      '2021-12-08-folder-link.md': skipped('cannot read the file (EISDIR: it is a folder, not a file)'),
      '2021-12-08-locked.md': skipped('cannot read the file (EACCES: permission denied)'),
      '2021-12-08-loop-a.md': skipped('cannot read the file (ELOOP: a loop of symbolic links)'),
      '2021-12-08-loop-b.md': skipped('cannot read the file (ELOOP: a loop of symbolic links)'),
      '2021-12-08-ok.md': imported(),
      'real-folder/2021-12-08-inside.md': imported(),
    });
    // No absolute path of the machine that built it leaks into the published report.
    expect(result.files.get('report.json')).not.toContain(dir);
  });

  it('reads a folder named like a post as a folder: its posts are imported, an empty one adds nothing', () => {
    const posts = fixture('folder-named-post', { '2021-12-08-x.md/2021-12-08-y.md': ok('y'), '2021-12-08-a.md': ok('a') });
    mkdirSync(path.join(posts, '2021-12-09-empty.md'));
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkOutput(result);
    expect(outcomes(result)).toEqual({ '2021-12-08-a.md': imported(), '2021-12-08-x.md/2021-12-08-y.md': imported() });
    expect(item(result, '2021-12-08-x.md/2021-12-08-y.md')).toMatchObject({ id: 'emnews_2021_12_08_y', title: 'y' });
  });

  it.skipIf(isRoot)('skips a chmod 000 file (not as root, where chmod does not stop a read)', () => {
    const posts = fixture('chmod', { '2021-12-08-ok.md': ok('ok'), '2021-12-08-locked.md': ok('locked') });
    const locked = path.join(posts, '2021-12-08-locked.md');
    chmodSync(locked, 0o000);
    try {
      expect(outcomes(buildFeed({ postsDirs: [posts], site: site() }))['2021-12-08-locked.md']).toEqual(skipped('cannot read the file (EACCES: permission denied)'));
    } finally {
      chmodSync(locked, 0o644);
    }
  });

  const hasMkfifo = ((): boolean => {
    try {
      execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasMkfifo)('skips a named pipe, and a link to one, without waiting for a writer', () => {
    const posts = fixture('fifo', { '2021-12-08-ok.md': ok('ok') });
    execFileSync('mkfifo', [path.join(posts, '2021-12-08-pipe.md')]);
    symlinkSync('2021-12-08-pipe.md', path.join(posts, '2021-12-08-pipe-link.md'));
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkOutput(result);
    expect(outcomes(result)).toEqual({
      '2021-12-08-ok.md': imported(),
      '2021-12-08-pipe-link.md': skipped('cannot read the file (it is a named pipe (FIFO), not a regular file)'),
      '2021-12-08-pipe.md': skipped('cannot read the file (it is a named pipe (FIFO), not a regular file)'),
    });
  });

  it('lists a sub-folder it cannot open as one entry, with the reason, instead of stopping the build', () => {
    const posts = fixture('locked-folder', { '2021-12-08-ok.md': ok('ok'), 'locked/2021-12-08-hidden.md': ok('hidden') });
    denied.add(path.join(posts, 'locked'));
    let result: BuildResult;
    try {
      expect(listFiles(posts, 0).map(({ rel, problem }) => ({ rel, problem }))).toEqual([
        { rel: '2021-12-08-ok.md', problem: undefined },
        { rel: 'locked/', problem: 'cannot list the folder (EACCES: permission denied); its posts were not read' },
      ]);
      result = buildFeed({ postsDirs: [posts], site: site() });
    } finally {
      denied.clear();
    }
    checkOutput(result);
    expect(outcomes(result)['2021-12-08-ok.md']).toEqual(imported());
    expect(outcomes(result)['locked/']).toMatchObject({ status: 'skipped', reason: 'cannot list the folder (EACCES: permission denied); its posts were not read' });
  });
});

describe('binary and non-UTF-8 files', () => {
  it('reads GB18030 with a warning naming the offset, and skips binary files naming the NUL byte’s offset', () => {
    const binary = Buffer.from(noise(64 * 1024, 2021).map((b) => b || 1));
    binary[1234] = 0;
    const posts = fixture('encodings', {
      '2021-12-08-gb.md': bytes`---\ntitle: ${GB_RENMINBI}\ndate: 2021-12-08 10:00:00 +0800\ncategories: emnews\n---\n${GB_BODY}\n`,
      '2021-12-08-binary.md': binary,
      '2021-12-08-png.md': bytes`${'89504e470d0a1a0a0000000d49484452'}`,
      // 0xFF is neither UTF-8 nor GB18030, and there is no NUL to call it binary.
      '2021-12-08-neither.md': bytes`---\ntitle: x\n---\nab${'ff'}cd`,
    });
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkOutput(result);
    expect(outcomes(result)).toEqual({
      '2021-12-08-binary.md': skipped('binary file (a NUL byte at offset 1234), not a text post'),
      '2021-12-08-gb.md': imported('not UTF-8 (invalid byte at offset 12); read as GB18030'),
      '2021-12-08-neither.md': skipped('not UTF-8 text (invalid byte 0xff at offset 19, line 4) nor GB18030'),
      '2021-12-08-png.md': skipped('binary file (a NUL byte at offset 8), not a text post'),
    });
    expect(item(result, '2021-12-08-gb.md')).toMatchObject({ title: '人民币汇率', content_html: '<p>离岸人民币报6.37。</p>' });
  });

  it('reads a UTF-8 post with a few bad bytes as UTF-8 (not as GB18030, which garbles it), naming the line and bytes', () => {
    const text = Buffer.from(ok('离岸人民币').replace('正文。', '离岸人民币对美元汇率中间价报6.3746。\n\n第二段'));
    const cut = text.indexOf(Buffer.from('第二段'));
    const spliced = (bad: number[]): Buffer => Buffer.concat([text.subarray(0, cut), Buffer.from(bad), text.subarray(cut)]);
    const posts = fixture('stray-byte', {
      '2021-12-08-stray.md': spliced([0x80]),
      // A character begun (0xE4 starts a three-byte one) and not continued.
      '2021-12-09-broken.md': spliced([0xe4, 0x41]),
    });
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkOutput(result);
    const otherwise = 'in text that is otherwise UTF-8; read as UTF-8 with each replaced by U+FFFD';
    expect(outcomes(result)).toEqual({
      '2021-12-08-stray.md': imported(`line 8: not valid UTF-8 (1 bad byte sequence(s), the first byte 0x80 at offset ${cut}) ${otherwise}`),
      '2021-12-09-broken.md': imported(`line 8: not valid UTF-8 (1 bad byte sequence(s), the first bytes 0xe4 0x41 at offset ${cut}) ${otherwise}`),
    });
    expect(item(result, '2021-12-08-stray.md')).toMatchObject({ title: '离岸人民币', content_html: '<p>离岸人民币对美元汇率中间价报6.3746。</p>\n<p>\ufffd第二段</p>' });
    expect(item(result, '2021-12-09-broken.md').content_html).toBe('<p>离岸人民币对美元汇率中间价报6.3746。</p>\n<p>\ufffdA第二段</p>');
  });

  it('reads a UTF-8 post cut off in the middle of a character, dropping the partial character', () => {
    const whole = Buffer.from(ok('截断').replace('正文。', '正文被截断'));
    const posts = fixture('truncated', { '2021-12-08-cut.md': whole.subarray(0, whole.length - 1) });
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkOutput(result);
    expect(outcomes(result)).toEqual({
      '2021-12-08-cut.md': imported(`line 6: the file ends in the middle of a UTF-8 character (offset ${whole.length - 3}; is it truncated?); dropped its 2 byte(s)`),
    });
    expect(item(result, '2021-12-08-cut.md').content_html).toBe('<p>正文被截</p>');
  });

  it('reads UTF-16 with a byte-order mark (Windows “Unicode” text), which is not binary, with a warning', () => {
    const text = ok('十六位');
    const be = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
    const posts = fixture('utf16', {
      '2021-12-08-le.md': Buffer.from(`\ufeff${text}`, 'utf16le'),
      '2021-12-09-be.md': be,
      '2021-12-10-le-binary.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\u0000b', 'utf16le')]),
    });
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkOutput(result);
    expect(outcomes(result)).toEqual({
      '2021-12-08-le.md': imported('UTF-16 text (the file starts with the byte-order mark FF FE); read as UTF-16LE'),
      '2021-12-09-be.md': imported('UTF-16 text (the file starts with the byte-order mark FE FF); read as UTF-16BE'),
      '2021-12-10-le-binary.md': skipped('binary file (starts with the UTF-16 byte-order mark FF FE but holds a NUL character at offset 4), not a text post'),
    });
    expect(item(result, '2021-12-08-le.md')).toMatchObject({ title: '十六位', content_html: '<p>正文。</p>' });
  });
});

describe('a byte-order mark and CRLF line ends', () => {
  it('give every sample post exactly the item the clean file gives, with the same warnings', () => {
    const names = readdirSync(path.join(SAMPLE, '_posts'));
    const variants: Record<string, (text: string) => string> = {
      bom: (t) => `\ufeff${t}`,
      crlf: (t) => t.replace(/\n/g, '\r\n'),
      'bom-crlf': (t) => `\ufeff${t.replace(/\n/g, '\r\n')}`,
      cr: (t) => t.replace(/\n/g, '\r'),
    };
    const clean = buildFeed({ postsDirs: [path.join(SAMPLE, '_posts')], site: site() });
    const cleanItems = [...clean.files].filter(([n]) => n !== 'report.json');
    expect(cleanItems.length).toBeGreaterThan(40);
    for (const [variant, change] of Object.entries(variants)) {
      const files = Object.fromEntries(names.map((n) => [n, change(readFileSync(path.join(SAMPLE, '_posts', n), 'utf8'))]));
      expect(Object.values(files).every((t) => /\r/.test(t) || t.startsWith('\ufeff'))).toBe(true);
      const result = buildFeed({ postsDirs: [fixture(`eol-${variant}`, files)], site: site() });
      for (const [name, text] of cleanItems) expect(result.files.get(name), `${variant}: ${name}`).toBe(text);
      expect(result.files.size, variant).toBe(clean.files.size);
      expect(result.report, variant).toEqual(clean.report);
    }
  });
});

describe('a 10 MB post', () => {
  it('is imported whole', async ({ annotate }) => {
    const paragraph = `${'离岸人民币对美元汇率中间价报6.3746，较上一交易日上调。'.repeat(20)}\n\n`;
    const body = paragraph.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(paragraph)));
    const trailer = '\n<http://finance.eastmoney.com/a/1.html>\n\n[返回东财滚动新闻](//finews.zning.me/emnews/)｜[返回首页](//finews.zning.me/)\n';
    const text = ok('十兆', { tags: '东财滚动新闻' }).replace('正文。', `${body}<p>（文章来源：东方财富）</p>\n${trailer}`);
    expect(Buffer.byteLength(text)).toBeGreaterThan(10 * 1024 * 1024);
    const posts = fixture('huge', { '2021-12-08-huge.md': text, '2021-12-08-small.md': ok('small') });
    const started = performance.now();
    const result = buildFeed({ postsDirs: [posts], site: site() });
    const ms = performance.now() - started;
    await annotate(`built a ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MB post in ${Math.round(ms)} ms`);
    checkOutput(result);
    expect(outcomes(result)).toEqual({ '2021-12-08-huge.md': imported(), '2021-12-08-small.md': imported() });
    const huge = item(result, '2021-12-08-huge.md');
    expect(huge).toMatchObject({
      title: '十兆',
      external_url: 'http://finance.eastmoney.com/a/1.html',
      _finews: { source: { name: '东方财富', attributed: true }, backlinks: [{ route: '/c/emnews' }, { route: '/' }] },
    });
    expect(huge.content_html.length).toBeGreaterThan(body.length);
    expect(huge.content_html).not.toMatch(/文章来源|返回首页/);
    expect([...huge.summary]).toHaveLength(121);
  });
});

describe('hostile categories', () => {
  it('write every file inside --out, under safe names, whatever the categories say', () => {
    // A folder of its own, so that everything beside --out can be walked.
    const parent = tempDir('faults-out');
    try {
      const mark = `finews-escape-${process.pid}`;
      const cats = [
        `../../${mark}`,
        `../../../../../../../../../../tmp/${mark}`,
        `/${mark}`,
        `a/b/../../${mark}`,
        '..',
        '.',
        '~',
        'a b',
        '新闻',
        '📈',
        '财经 📈/..',
        'C:\\Windows',
        'x'.repeat(400),
      ];
      const yamlList = `[${cats.map((c) => JSON.stringify(c)).join(', ')}]`;
      const posts = writeTree(path.join(parent, 'posts'), {
        '2021-12-08-all.md': post({ title: 'all', date: DATE, categories: yamlList }),
        '2021-12-08-one.md': post({ title: 'one', date: DATE, category: JSON.stringify(`../${mark}`) }),
        '2021-12-08-slug.md': post({ title: 'slug', date: DATE, slug: `../../../${mark}`, categories: '"../.."' }),
        '2021-12-08-permalink.md': post({ title: 'permalink', date: DATE, permalink: `/../../${mark}/:title.json` }),
        '2021-12-08-empty.md': post({ title: 'empty', date: DATE, categories: '["", "a"]' }),
        '2021-12-08-surrogate.md': post({ title: 'surrogate', date: DATE, categories: '["\\ud800x", "ok"]' }),
      });
      const before = readTree(posts);
      const out = path.join(parent, 'out');
      const result = buildFeed({ postsDirs: [posts], site: site() });
      writeOutput(out, result.files);
      checkOutput(result);

      // Everything in the parent: the posts as they were, and --out holding exactly the feed.
      const everything = readTree(parent);
      const expected = new Map([...[...before].map(([n, t]) => [`posts/${n}`, t] as const), ...[...result.files].map(([n, t]) => [`out/${n}`, t] as const)]);
      expect([...everything.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, text] of expected) expect(everything.get(name), name).toBe(text);
      expect(readdirSync(parent).sort()).toEqual(['out', 'posts']);
      // Nothing named after the mark anywhere above (the climbs would have landed in or next to the parent).
      expect(readdirSync(os.tmpdir()).filter((n) => n.includes(mark))).toEqual([]);
      expect(existsSync(`/${mark}`)).toBe(false);
      for (const name of everything.keys()) expect(name).toMatch(/^(?:posts\/[^/]+\.md|out\/(?:[a-z]+\.json|(?:items|c\/[A-Za-z0-9~-]{1,200})\/[A-Za-z0-9~_.-]{1,205}\.json))$/);

      // Each category has its own folder, named by its escaped key; no warnings but for the repairs.
      const { categories } = JSON.parse(result.files.get('categories.json') ?? '') as schema.Categories;
      expect(categories.map((c) => c.slug).sort()).toEqual([...cats, `../${mark}`, '../..', 'a', '\ufffdx', 'ok'].sort());
      for (const c of categories) expect(result.files.has(`c/${categoryKey(c.slug)}/feed.json`), c.slug).toBe(true);
      expect(categoryKey('x'.repeat(400))).toMatch(/^x{190}~~[0-9a-f]{8}$/);
      expect(outcomes(result)).toEqual({
        '2021-12-08-all.md': imported(),
        '2021-12-08-empty.md': imported('an empty category ("") in the front matter; dropped it'),
        '2021-12-08-one.md': imported(),
        '2021-12-08-permalink.md': imported(),
        '2021-12-08-slug.md': imported(),
        '2021-12-08-surrogate.md': imported(
          'line 4: front matter holds 1 lone UTF-16 surrogate(s) (an escape like "\\ud800" that is half a character), which no text, URL or file name can hold; replaced with U+FFFD',
        ),
      });
      // Jekyll's own URLs, with its `..` rule (the ids and paths are what the reader uses).
      expect(item(result, '2021-12-08-permalink.md')).toMatchObject({ url: `https://finews.withounder.com/${mark}/permalink.json`, id: `~2F${mark}~2Fpermalink~2Ejson` });
      expect(item(result, '2021-12-08-slug.md')._finews.path).toBe(`/2021/12/08/-/-/-${mark}.html`);
    } finally {
      removeDir(parent);
    }
  });
});

describe('front matter that is not a mapping', () => {
  it('reads a list, a scalar or a number as no front matter (and ~ as an empty one), naming the line, and imports the post by its file name', () => {
    const posts = fixture('not-mapping', {
      '2021-12-08-list.md': '---\n- title: a list\n- date: 2021-12-08\n---\n列表正文',
      '2021-12-08-scalar.md': '---\njust a sentence\n---\n标量正文',
      '2021-12-08-number.md': '\n---\n42\n---\n',
      '2021-12-08-quoted.md': '---\n"title: quoted"\n---\n引号正文',
      '2021-12-08-null.md': '---\n~\n---\n空正文',
      'undated-scalar.md': '---\njust words\n---\n',
      [`2021-12-08-deep.md`]: `---\ntitle: deep\ndate: ${DATE}\nx: ${'['.repeat(MAX_YAML_DEPTH + 1)}\n---\n深正文`,
    });
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkOutput(result);
    const notMapping = (line: number): string => `line ${line}: front matter is not a mapping of keys to values; recovered nothing from its lines`;
    expect(outcomes(result)).toEqual({
      '2021-12-08-deep.md': imported(`line 4: front matter nests more than ${MAX_YAML_DEPTH} levels deep; not read as YAML; recovered title, date, x from its lines`),
      '2021-12-08-list.md': imported(notMapping(2), 'no title in the front matter; titled "列表正文" from the first words of the body'),
      '2021-12-08-null.md': imported('no title in the front matter; titled "空正文" from the first words of the body'),
      '2021-12-08-number.md': imported(
        'line 1: 1 blank line(s) before the opening "---" (Jekyll would not see the front matter); read it anyway',
        notMapping(3),
        'no title in the front matter; titled "Number" from the slug',
      ),
      '2021-12-08-quoted.md': imported(notMapping(2), 'no title in the front matter; titled "引号正文" from the first words of the body'),
      '2021-12-08-scalar.md': imported(notMapping(2), 'no title in the front matter; titled "标量正文" from the first words of the body'),
      'undated-scalar.md': skipped('no usable date: front matter has no date and neither the file name nor the id "undated-scalar" holds one, and the title is empty'),
    });
    expect(item(result, '2021-12-08-deep.md')).toMatchObject({ title: 'deep', date_published: '2021-12-08T10:00:00+08:00', content_html: '<p>深正文</p>' });
  });
});

describe('front matter and bodies that would exhaust the reader', () => {
  it('reads recursive, exponential and dangling aliases and deep nesting without losing the post, naming the line', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i] ?? ''}`).join(', ')}]`)];
    const posts = fixture('exhaust', {
      '2021-12-08-recursive.md': `---
title: 递归
date: ${DATE}
tags: &t [a, *t]
---
正文`,
      '2021-12-08-laughs.md': `---
title: laughs
date: ${DATE}
${laughs.join('\n')}
---
正文`,
      '2021-12-08-dangling.md': `---
title: dangling
date: ${DATE}
categories: *nowhere
---
正文`,
      '2021-12-08-deep-list.md': `---
title: deep
x:
${'- '.repeat(MAX_YAML_DEPTH + 1)}y
---
正文`,
      '2021-12-08-deep-html.html': `---
title: 深
date: ${DATE}
---
${'<div>'.repeat(20_000)}深处<img src="https://x.example/a.png">${'</div>'.repeat(20_000)}`,
    });
    const result = buildFeed({ postsDirs: [posts], site: site() });
    checkOutput(result);
    expect(outcomes(result)).toEqual({
      '2021-12-08-dangling.md': imported(
        'line 4: front matter is not valid YAML (Unresolved alias (the anchor must be set before the alias): nowhere); recovered title, date, categories from its lines',
      ),
      '2021-12-08-deep-html.html': imported(),
      '2021-12-08-deep-list.md': imported(
        `line 4: front matter nests more than ${MAX_YAML_DEPTH} levels deep; not read as YAML; recovered title, x from its lines`,
      ),
      '2021-12-08-laughs.md': imported(
        'line 5: front matter is not valid YAML (Excessive alias count indicates a resource exhaustion attack); recovered title, date, a, b, c, d, e, f, g, h from its lines',
      ),
      '2021-12-08-recursive.md': imported('line 4: front matter has the alias *t inside the value it names, which would never end; read it as null'),
    });
    expect(item(result, '2021-12-08-recursive.md').tags).toEqual(['a']);
    expect(item(result, '2021-12-08-dangling.md')._finews.categories).toEqual(['*nowhere']);
    expect(item(result, '2021-12-08-deep-html.html')).toMatchObject({ summary: '深处', image: 'https://x.example/a.png' });
  });
});

describe('every fault in one folder', () => {
  it('builds, writes and reports each file once, the good posts imported', () => {
    const posts = fixture('everything', {
      '2021-12-08-good.md': ok('good'),
      '2021-12-08-gb.md': bytes`---\ntitle: ${GB_RENMINBI}\n---\n${GB_BODY}`,
      '2021-12-08-binary.md': noise(4096, 7),
      '2021-12-08-bom.md': `\ufeff${ok('bom').replace(/\n/g, '\r\n')}`,
      '2021-12-08-list.md': '---\n- a\n---\nbody',
      '2021-12-08-cats.md': post({ title: 'cats', date: DATE, categories: '["../..", "新闻 📈"]' }),
      'notes.txt': 'not a post',
    });
    symlinkSync('missing.md', path.join(posts, '2021-12-08-dangling.md'));
    const result = buildFeed({ postsDirs: [posts], site: site() });
    const out = path.join(dir, 'everything-out');
    writeOutput(out, result.files);
    checkOutput(result);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as schema.Report;
    expect(report.posts.map((p) => [p.file, p.status])).toEqual([
      ['2021-12-08-binary.md', 'skipped'],
      ['2021-12-08-bom.md', 'imported'],
      ['2021-12-08-cats.md', 'imported'],
      ['2021-12-08-dangling.md', 'skipped'],
      ['2021-12-08-gb.md', 'imported'],
      ['2021-12-08-good.md', 'imported'],
      ['2021-12-08-list.md', 'imported'],
      ['notes.txt', 'skipped'],
    ]);
    expect(report.posts.find((p) => p.file === '2021-12-08-binary.md')?.reason).toMatch(/^binary file \(a NUL byte at offset \d+\), not a text post$/);
    expect(result.stats).toEqual({ files: 8, imported: 5, skipped: 3, warnings: 3, categories: 3 });
  });
});

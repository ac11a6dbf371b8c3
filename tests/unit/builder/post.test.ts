/**
 * A post's Jekyll identity. The expected URLs, categories and tags below are what Jekyll 4.3.1 gave for
 * the same files (checked with tests/support/jekyll-reference.ts), unless a comment says otherwise.
 */
import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../../src/builder/front-matter.ts';
import { resolvePost, slugifyPretty, type PostMeta } from '../../../src/builder/post.ts';
import { toRfc3339 } from '../../../src/lib/time-zone.ts';

const SH = 'Asia/Shanghai';

/** Resolve `<name>` with the given front-matter lines; throws if the post is refused. */
function meta(name: string, yaml: string, options: { body?: string; permalink?: string } = {}): PostMeta {
  const fm = splitFrontMatter(`---\n${yaml}\n---\n${options.body ?? ''}`);
  const resolved = resolvePost(name, fm, options.body ?? '', { timeZone: SH, permalink: options.permalink ?? null });
  if (!resolved.ok) throw new Error(resolved.reason);
  return resolved.meta;
}
const url = (name: string, yaml: string): string => meta(name, yaml).urlPath;
const DATE = 'date: 2021-12-08 10:46:18 +0800';

describe('slugifyPretty (Jekyll pretty mode, case kept)', () => {
  it.each([
    ['202112082206672930', '202112082206672930'],
    ['Hello World!', 'Hello-World!'],
    ['离岸 人民币', '离岸-人民币'],
    ['a/b?c#d', 'a-b-c-d'],
    ['--x--', 'x'],
    ['a   b', 'a-b'],
    ["it's (1+1=2) $5 & 7; @x, ~y.z_", "it's-(1+1=2)-$5-&-7;-@x,-~y.z_"],
    ['a"b<c>d*e%f', 'a-b-c-d-e-f'],
    ['Ünïcødé 📈 ok', 'Ünïcødé-ok'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(slugifyPretty(input)).toBe(expected);
  });
});

describe('resolvePost: permalink', () => {
  it('is /:categories/:year/:month/:day/:title.html', () => {
    expect(url('2021-12-08-202112082206672930.md', `title: t\n${DATE}\ncategories: emnews`)).toBe('/emnews/2021/12/08/202112082206672930.html');
  });

  it('lowercases categories and joins them with /, each once', () => {
    expect(url('2021-12-08-Hello World!.md', 'title: t\ndate: 2021-12-08 23:59:59 -0500\ncategories: Emnews emnews EMNEWS')).toBe('/emnews/2021/12/09/Hello-World!.html');
  });

  it('percent-encodes Chinese, emoji and spaces like Jekyll, keeping pchar', () => {
    expect(url('2021-12-08-b.md', `title: t\n${DATE}\ncategories: 新闻 财经`)).toBe('/%E6%96%B0%E9%97%BB/%E8%B4%A2%E7%BB%8F/2021/12/08/b.html');
    expect(url('2021-12-08-d.md', 'title: t\ndate: 2021-12-08\ncategories: 📈 C++')).toBe('/%F0%9F%93%88/c++/2021/12/08/d.html');
    expect(url('2021-12-08-e.md', `title: t\n${DATE}\ncategories: ["Solo Cat", "(x)", "a&b", "x:y", "[x]", "x#y#z"]`)).toBe(
      '/solo%20cat/(x)/a&b/x:y/%5Bx%5D/x%23y%23z/2021/12/08/e.html',
    );
  });

  it('encodes a % in a category rather than decoding it (Jekyll: %41 → %2541)', () => {
    expect(url('2021-12-08-c.md', `title: t\n${DATE}\ncategories: ["A%41", "%"]`)).toBe('/a%2541/%25/2021/12/08/c.html');
  });

  it('sanitizes .. and ./ in categories like Jekyll’s sanitize_url, so a URL never climbs', () => {
    expect(url('2021-12-08-a.md', 'title: t\ndate: 2021-12-08 10:46:18\ncategories: ../../etc')).toBe('/etc/2021/12/08/a.html');
    expect(url('2021-12-08-f.md', 'title: t\ndate: 2021-12-08T10:46:18Z\ncategories: a..b ./c')).toBe('/a/b/c/2021/12/08/f.html');
    expect(url('2021-12-08-m.md', "title: t\ndate: 2021-12-08 10:46:18\ncategories: 'a b ..'")).toBe('/a/b/2021/12/08/m.html');
    expect(url('2021-12-08-l.md', "title: t\ndate: 2021-12-08 10:46:18\ncategories: 'a/b'")).toBe('/a/b/2021/12/08/l.html');
  });

  it('takes the day from Jekyll’s instant: a zone-less 17:30 is the next day in the URL', () => {
    const m = meta('2021-12-08-h.md', 'title: t\ndate: 2021-12-08 17:30:00');
    expect(m.urlPath).toBe('/2021/12/09/h.html');
    expect(toRfc3339(m.date.publishedMs, SH)).toBe('2021-12-08T17:30:00+08:00');
    expect(m.date.zoneless).toBe(true);
  });

  it('uses the slug from the front matter, slugified, and the file name’s date when there is no date', () => {
    expect(url('2021-12-08-h.md', 'title: t\nslug: My Slug')).toBe('/2021/12/08/My-Slug.html');
  });

  it('follows a permalink template from the front matter or the site', () => {
    expect(url('2021-12-08-j.md', 'title: t\ndate: 2021-12-08 10:46:18.5\npermalink: /p/:title/')).toBe('/p/j/');
    expect(meta('2021-12-08-x.md', `title: t\n${DATE}\ncategories: A`, { permalink: '/:categories/:year/:i_month/:i_day/:slug' }).urlPath).toBe('/a/2021/12/8/x');
  });

  it('reads dates from file names in subfolders and with .markdown', () => {
    expect(url('sub/2022-05-27-NW1.markdown', 'title: t\ncategories: x')).toBe('/x/2022/05/27/NW1.html');
  });
});

describe('resolvePost: categories and tags', () => {
  it('splits a string on whitespace', () => {
    expect(meta('2021-12-08-f.md', `title: t\n${DATE}\ncategories: " a  b\tc "\ntags: 一 二  三`)).toMatchObject({ categories: ['a', 'b', 'c'], tags: ['一', '二', '三'] });
  });

  it('takes lists as they are, dropping null entries', () => {
    expect(meta('2021-12-08-g.md', `title: t\n${DATE}\ncategories: [A, ~, B]\ntags:\n  - x y\n  - z`)).toMatchObject({ categories: ['A', 'B'], tags: ['x y', 'z'] });
  });

  it('adds the singular `category` after `categories` (not split), once', () => {
    expect(meta('2021-12-08-e.md', `title: t\n${DATE}\ncategory: Solo Cat\ncategories: other`).categories).toEqual(['other', 'Solo Cat']);
    expect(meta('2021-12-08-e.md', `title: t\n${DATE}\ncategory: x\ncategories: x y`).categories).toEqual(['x', 'y']);
  });

  it('lets the singular `tag` win over `tags`, not split', () => {
    expect(meta('2021-12-08-t.md', `title: t\n${DATE}\ntag: single tag\ntags: a b`).tags).toEqual(['single tag']);
  });

  it('keeps the first of repeated categories', () => {
    expect(meta('2021-12-08-i.md', `title: t\n${DATE}\ncategories: x y x`).categories).toEqual(['x', 'y']);
  });

  it('spells YAML values the way Ruby does: y stays y, yes is true, a date is a date', () => {
    expect(meta('2021-12-08-a.md', `title: 2021-12-08\n${DATE}\ncategories: [yes, 010, 1.50]\ntags: [x, y, n, NO, 2021-12-08, 2021-12-08 10:00:00, ~, 1_000]`)).toMatchObject({
      title: '2021-12-08',
      categories: ['true', '8', '1.5'],
      tags: ['x', 'y', 'n', 'false', '2021-12-08', '2021-12-08 18:00:00 +0800', '1000'],
      urlPath: '/true/8/1.5/2021/12/08/a.html',
    });
  });

  it('has none when neither key is there', () => {
    expect(meta('2021-12-08-n.md', `title: t\n${DATE}`)).toMatchObject({ categories: [], tags: [], urlPath: '/2021/12/08/n.html' });
  });
});

describe('resolvePost: title, date and recovery', () => {
  it('keeps the title as written, numbers as text', () => {
    expect(meta('2021-12-08-a.md', `title: "离岸人民币“升”至高位"\n${DATE}`).title).toBe('离岸人民币“升”至高位');
    expect(meta('2021-12-08-a.md', `title: 123\n${DATE}`).title).toBe('123');
  });

  it('titles an untitled post from the body, with a warning', () => {
    const m = meta('2021-12-08-a.md', `title: ""\n${DATE}`, { body: '  近日，多家物流企业表示  ' });
    expect(m.title).toBe('近日，多家物流企业表示');
    expect(m.warnings).toEqual(['empty title in the front matter; titled "近日，多家物流企业表示" from the first words of the body']);
  });

  it('titles a post with neither title nor body from its slug', () => {
    expect(meta('2021-12-08-hello-world.md', DATE)).toMatchObject({ title: 'Hello World', warnings: ['no title in the front matter; titled "Hello World" from the slug'] });
  });

  it('prefers the front matter date over the file name’s', () => {
    expect(url('2021-12-01-a.md', `title: t\n${DATE}`)).toBe('/2021/12/08/a.html');
  });

  it('falls back to the file name’s date when the front matter date is not a date, with a warning', () => {
    const m = meta('2021-12-08-a.md', 'title: t\ndate: soon');
    expect(m.urlPath).toBe('/2021/12/08/a.html');
    expect(m.warnings).toEqual(['front matter date "soon" is not a date; used the date in the file name']);
  });

  it('imports a file without a date in its name by its front matter date, with a warning', () => {
    const m = meta('-202205262392327614.md', 'title: t\ndate: 2022-05-26 09:00:00 +0800\ncategories: emnews');
    expect(m.urlPath).toBe('/emnews/2022/05/26/202205262392327614.html');
    expect(m.warnings).toEqual(['file name has no date (Jekyll skips such posts); imported by its front matter date']);
  });

  it('dates a post from its id as a last resort', () => {
    const m = meta('-202205312396913906.md', 'title: t\ndate:  +0800\ncategories: emnews');
    expect(m.urlPath).toBe('/emnews/2022/05/31/202205312396913906.html');
    expect(m.warnings).toEqual([
      'front matter date "+0800" is not a date; looked elsewhere',
      'no usable date in the front matter or file name; dated 2022-05-31 from the id "-202205312396913906"',
    ]);
  });

  it('refuses a post with no date anywhere, saying why', () => {
    const fm = splitFrontMatter('---\ntitle: ""\ndate: soon\n---\n');
    expect(resolvePost('about.md', fm, '', { timeZone: SH })).toEqual({
      ok: false,
      reason: 'no usable date: front matter date "soon" is not a date and neither the file name nor the id "about" holds one, and the title is empty',
    });
    expect(resolvePost('notes.md', null, 'text', { timeZone: SH })).toEqual({
      ok: false,
      reason: 'no usable date: front matter has no date and neither the file name nor the id "notes" holds one, and the title is empty',
    });
  });

  it('passes front-matter problems on as warnings', () => {
    const fm = splitFrontMatter('\n---\ntitle: x\n---\n');
    const resolved = resolvePost('2021-12-08-a.md', fm, '', { timeZone: SH });
    expect(resolved.ok && resolved.meta.warnings).toEqual(['line 1: 1 blank line(s) before the opening "---" (Jekyll would not see the front matter); read it anyway']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  articleIdFromPath,
  categoryDir,
  encodePath,
  escapeKey,
  escapePath,
  feedPageFile,
  pageLayout,
  itemFile,
  parseArticlePath,
  shortHash,
  sourcesPageFile,
} from '../../../src/feed/paths.ts';
import { ID_PATTERN } from '../../../src/feed/schema.ts';

describe('escapeKey', () => {
  it.each([
    ['emnews', 'emnews'],
    ['21caijingAPP', '21caijingAPP'],
    ['a-b', 'a-b'],
    ['..', '~2E~2E'],
    ['../../etc', '~2E~2E~2F~2E~2E~2Fetc'],
    ['/', '~2F'],
    ['a b', 'a~20b'],
    ['a_b', 'a~5Fb'],
    ['~', '~7E'],
    ['中', '~E4~B8~AD'],
    ['📈', '~F0~9F~93~88'],
    ['', '~'],
  ])('%j → %j', (input, expected) => {
    expect(escapeKey(input)).toBe(expected);
  });

  it('is safe as a file name and a URL segment, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const key = escapeKey(text);
        expect(key).toMatch(/^[A-Za-z0-9~-]{1,200}$/);
        expect(key).not.toMatch(/^\.|\.\.|\//);
        expect(encodeURIComponent(key)).toBe(key);
      }),
    );
  });

  it('never gives two strings the same key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), (a, b) => {
        if (a !== b) expect(escapeKey(a)).not.toBe(escapeKey(b));
      }),
    );
    const similar = ['a b', 'a~20b', 'a-b', 'a_b', 'a~5Fb', 'A b', '~', '', '~7E', '.', '..', '~2E'];
    expect(new Set(similar.map(escapeKey)).size).toBe(similar.length);
  });

  it('cuts an over-long key to 200 characters, ending in ~~ and a digest of the whole', () => {
    const long = '长'.repeat(40);
    const key = escapeKey(long);
    expect(key).toHaveLength(200);
    expect(key).toBe(`${'~E9~95~BF'.repeat(40).slice(0, 190)}~~${shortHash('~E9~95~BF'.repeat(40))}`);
    expect(escapeKey('a'.repeat(200))).toBe('a'.repeat(200));
    expect(escapeKey('a'.repeat(201))).toHaveLength(200);
  });

  it('never gives a cut key to a string whose key is not cut', () => {
    const long = 'a'.repeat(300);
    const cut = escapeKey(long);
    // The cut key itself, read as a string, escapes differently (its ~~ becomes ~7E~7E), so no clash.
    expect(escapeKey(cut)).not.toBe(cut);
    // A string of exactly 200 plain characters that looks like the old cut form stays itself.
    const lookalike = `${'a'.repeat(191)}-${shortHash(long)}`;
    expect(escapeKey(lookalike)).toBe(lookalike);
    expect(escapeKey(lookalike)).not.toBe(cut);
  });
});

describe('shortHash', () => {
  it('is FNV-1a 32 over UTF-8, as 8 hex digits', () => {
    expect(shortHash('')).toBe('811c9dc5');
    expect(shortHash('a')).toBe('e40c292c');
    expect(shortHash('foobar')).toBe('bf9cf968');
  });
});

describe('parseArticlePath', () => {
  it('splits a Jekyll permalink, decoding categories and slug', () => {
    expect(parseArticlePath('/emnews/2021/12/08/202112082206672930.html')).toEqual({
      categories: ['emnews'],
      year: '2021',
      month: '12',
      day: '08',
      slug: '202112082206672930',
    });
    expect(parseArticlePath('/%E6%96%B0%E9%97%BB/a%20b/2021/12/08/%E6%A0%87.html')).toMatchObject({ categories: ['新闻', 'a b'], slug: '标' });
    expect(parseArticlePath('/2021/12/08/x/')).toMatchObject({ categories: [], slug: 'x' });
    expect(parseArticlePath('/a/b/2021/12/08/x')).toMatchObject({ categories: ['a', 'b'], slug: 'x' });
  });

  it('keeps a malformed escape as it is', () => {
    expect(parseArticlePath('/a%ZZ/2021/12/08/x%E4.html')).toMatchObject({ categories: ['a%ZZ'], slug: 'x%E4' });
  });

  it('is null for paths that are not articles', () => {
    for (const p of ['/', '/emnews/', '/category/emnews.html', '/2021/12/x.html', '/emnews/21/12/08/x.html', 'emnews/2021/12/08/x.html']) {
      expect(parseArticlePath(p), p).toBeNull();
    }
  });
});

describe('articleIdFromPath', () => {
  it.each([
    ['/emnews/2021/12/08/202112082206672930.html', 'emnews_2021_12_08_202112082206672930'],
    ['/Emnews/2021/12/08/NW2021.html', 'emnews_2021_12_08_NW2021'],
    ['/%E6%96%B0%E9%97%BB/a%20b/2021/12/08/x.html', '~E6~96~B0~E9~97~BB_a~20b_2021_12_08_x'],
    ['/2021/12/08/Hello-World!.html', '2021_12_08_Hello-World~21'],
    ['/etc/2021/12/08/a.html', 'etc_2021_12_08_a'],
    ['/a_b/2021/12/08/c.html', 'a~5Fb_2021_12_08_c'],
  ])('%s → %s', (path, id) => {
    expect(articleIdFromPath(path)).toBe(id);
  });

  it('is the same for the .html, the bare and the trailing-slash form', () => {
    const id = articleIdFromPath('/emnews/2021/12/08/x.html');
    expect(articleIdFromPath('/emnews/2021/12/08/x')).toBe(id);
    expect(articleIdFromPath('/emnews/2021/12/08/x/')).toBe(id);
  });

  it('tells apart paths whose parts differ only where _ would join them', () => {
    expect(articleIdFromPath('/a_b/2021/12/08/c.html')).not.toBe(articleIdFromPath('/a/b/2021/12/08/c.html'));
  });

  it('is null for what is not an article path', () => {
    expect(articleIdFromPath('/emnews/')).toBeNull();
  });

  it('always gives a valid id, however long the slug', () => {
    const id = articleIdFromPath(`/${encodeURIComponent('长'.repeat(10))}/2021/12/08/${encodeURIComponent('长'.repeat(40))}.html`) ?? '';
    expect(id).toMatch(ID_PATTERN);
    expect(id).toHaveLength(200);
    expect(id).toMatch(/~~[0-9a-f]{8}$/);
    const other = articleIdFromPath(`/${encodeURIComponent('长'.repeat(10))}/2021/12/08/${encodeURIComponent(`${'长'.repeat(39)}短`)}.html`);
    expect(other).not.toBe(id);
  });

  it('gives ids that are valid for every generated article path', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), { maxLength: 3 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), (cats, slug) => {
        const path = `/${[...cats, '2021', '12', '08', slug].map((s) => encodeURIComponent(s)).join('/')}.html`;
        const id = articleIdFromPath(path);
        expect(id).toMatch(ID_PATTERN);
      }),
    );
  });
});

describe('escapePath (raw text, as Jekyll escapes a permalink placeholder)', () => {
  it('keeps pchar and /, percent-encodes the rest', () => {
    expect(escapePath('新闻/a b/(x)/a&b/x:y/@!$*,;=+/c++')).toBe('%E6%96%B0%E9%97%BB/a%20b/(x)/a&b/x:y/@!$*,;=+/c++');
    expect(escapePath('[x]/"q"/<a>/^|`{}\\')).toBe('%5Bx%5D/%22q%22/%3Ca%3E/%5E%7C%60%7B%7D%5C');
  });

  it('encodes # and ?, and a % without decoding what follows it', () => {
    expect(escapePath('x#y#z')).toBe('x%23y%23z');
    expect(escapePath('a?b')).toBe('a%3Fb');
    expect(escapePath('%41')).toBe('%2541');
    expect(escapePath('%')).toBe('%25');
  });
});

describe('encodePath (a path that may be encoded already)', () => {
  it('encodes raw text like escapePath', () => {
    expect(encodePath('/新闻/a b/(x)')).toBe('/%E6%96%B0%E9%97%BB/a%20b/(x)');
  });

  it('leaves an encoded path as it is: encoding twice changes nothing', () => {
    expect(encodePath('/%E6%96%B0%E9%97%BB/a%20b/2021/12/08/x.html')).toBe('/%E6%96%B0%E9%97%BB/a%20b/2021/12/08/x.html');
    expect(encodePath('/a%2Fb/%2541')).toBe('/a%2Fb/%2541');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const once = encodePath(escapePath(text));
        expect(once).toBe(escapePath(text));
        expect(encodePath(once)).toBe(once);
      }),
    );
  });
});

describe('pageLayout: pages anchored at the oldest end', () => {
  it('puts the remainder on the newest page, feed.json, and counts the others from the oldest', () => {
    const layout = pageLayout(23, 10);
    expect(layout.pages).toBe(2);
    expect([layout.file(2), layout.file(1)]).toEqual(['feed.json', 'feed-1.json']);
    // Indices from the newest: feed.json holds the 13 newest, feed-1.json the 10 oldest.
    expect([layout.range(2), layout.range(1)]).toEqual([[0, 13], [13, 23]]);
    expect([layout.locate(0), layout.locate(12), layout.locate(13), layout.locate(22)]).toEqual([
      { page: 2, position: 0 },
      { page: 2, position: 12 },
      { page: 1, position: 0 },
      { page: 1, position: 9 },
    ]);
  });

  it('keeps one page for short and empty lists', () => {
    expect(pageLayout(0, 10).pages).toBe(1);
    expect(pageLayout(9, 10).range(1)).toEqual([0, 9]);
    expect(pageLayout(10, 10).file(1)).toBe('feed.json');
  });

  it('never changes an older page when items are added at the newest end', () => {
    const contents = (total: number): Map<string, number[]> => {
      const layout = pageLayout(total, 10);
      const out = new Map<string, number[]>();
      for (let n = 1; n <= layout.pages; n++) {
        const [start, end] = layout.range(n);
        // Items named by their index from the oldest, which never changes.
        out.set(layout.file(n), Array.from({ length: end - start }, (_, i) => total - 1 - (start + i)));
      }
      return out;
    };
    for (const total of [25, 30, 39, 40, 41, 137]) {
      const before = contents(total);
      const after = contents(total + 7);
      const changed = [...after].filter(([file, ids]) => before.get(file)?.join() !== ids.join()).map(([file]) => file);
      expect(changed.length, `total ${total}`).toBeLessThanOrEqual(2);
      expect(changed).toContain('feed.json');
    }
  });

  it('locates every index exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 60 }), (total, size) => {
        const layout = pageLayout(total, size);
        const seen = new Set<string>();
        for (let i = 0; i < total; i++) {
          const { page, position } = layout.locate(i);
          const [start, end] = layout.range(page);
          expect(start + position).toBe(i);
          expect(i < end).toBe(true);
          seen.add(`${page}:${position}`);
        }
        expect(seen.size).toBe(total);
        for (let n = 1; n < layout.pages; n++) expect(layout.range(n)[1] - layout.range(n)[0]).toBe(size);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('feed file names', () => {
  it('names pages, category folders, items', () => {
    expect([feedPageFile('', 'feed.json'), feedPageFile('c/emnews', 'feed-3.json')]).toEqual(['feed.json', 'c/emnews/feed-3.json']);
    expect([sourcesPageFile(1), sourcesPageFile(2)]).toEqual(['sources.json', 'sources-2.json']);
    expect(categoryDir('../../etc')).toBe('c/~2E~2E~2F~2E~2E~2Fetc');
    expect(itemFile('emnews_2021_12_08_x')).toBe('items/emnews_2021_12_08_x.json');
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeText, readSimpleFrontMatter, readYamlFrontMatter, splitFrontMatter } from '../../../src/builder/front-matter.ts';

describe('normalizeText', () => {
  it('turns CRLF and lone CR into LF', () => {
    expect(normalizeText('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });

  it('drops a byte-order mark at the start only', () => {
    expect(normalizeText('\ufeff---\ntitle: x\ufeff')).toBe('---\ntitle: x\ufeff');
  });
});

describe('splitFrontMatter: the block', () => {
  it('splits front matter from the body and says where the body starts', () => {
    expect(splitFrontMatter('---\ntitle: 标题\n---\n正文\n第二行')).toEqual({
      data: { title: '标题' },
      dateText: null,
      datePlain: true,
      body: '正文\n第二行',
      bodyLine: 4,
      problems: [],
    });
  });

  it('reads a CRLF file with a BOM once it is normalized', () => {
    const fm = splitFrontMatter(normalizeText('\ufeff---\r\ntitle: x\r\ncategories: emnews\r\n---\r\nbody\r\n'));
    expect(fm?.data).toEqual({ title: 'x', categories: 'emnews' });
    expect(fm?.body).toBe('body\n');
    expect(fm?.problems).toEqual([]);
  });

  it('accepts "..." as the closing line and spaces after the dashes', () => {
    expect(splitFrontMatter('--- \ntitle: x\n...\nbody')).toMatchObject({ data: { title: 'x' }, body: 'body', bodyLine: 4 });
  });

  it('reads an empty block as no data', () => {
    expect(splitFrontMatter('---\n---\nbody')).toMatchObject({ data: {}, body: 'body', problems: [] });
  });

  it('returns null without an opening or a closing line', () => {
    expect(splitFrontMatter('title: x\n---\nbody')).toBeNull();
    expect(splitFrontMatter('---\ntitle: x\nbody')).toBeNull();
    expect(splitFrontMatter('')).toBeNull();
    expect(splitFrontMatter('----\ntitle: x\n----\nbody')).toBeNull();
  });

  it('reads front matter after blank lines but says Jekyll would not see it', () => {
    expect(splitFrontMatter('\n\n---\ntitle: x\n---\nbody')).toEqual({
      data: { title: 'x' },
      dateText: null,
      datePlain: true,
      body: 'body',
      bodyLine: 6,
      problems: ['line 1: 2 blank line(s) before the opening "---" (Jekyll would not see the front matter); read it anyway'],
    });
  });

  it('keeps a body that itself contains --- lines', () => {
    expect(splitFrontMatter('---\ntitle: x\n---\na\n---\nb')?.body).toBe('a\n---\nb');
  });
});

describe('splitFrontMatter: YAML 1.1 as Psych (Jekyll) reads it', () => {
  const data = (yaml: string): Record<string, unknown> | undefined => splitFrontMatter(`---\n${yaml}\n---\n`)?.data;

  it('reads yes/no/on/off in any case as booleans, but not y/n', () => {
    expect(data('a: [yes, NO, On, oFF, True, y, n, Y, N]')).toEqual({ a: [true, false, true, false, true, 'y', 'n', 'Y', 'N'] });
  });

  it('reads YAML 1.1 numbers: octal, underscores, base 60', () => {
    expect(data('a: 010\nb: 1_000\nc: 1:20\nd: 0x1F\ne: 12.50')).toEqual({ a: 8, b: 1000, c: 80, d: 31, e: 12.5 });
  });

  it('reads ~ and an empty value as null', () => {
    expect(data('a: ~\nb:')).toEqual({ a: null, b: null });
  });

  it('lets the last of two equal keys win, as Psych does', () => {
    expect(data('title: a\ntitle: b')).toEqual({ title: 'b' });
  });

  it('keeps the date text and whether it was plain', () => {
    expect(splitFrontMatter('---\ndate: 2021-12-08 10:46:18\n---\n')).toMatchObject({ dateText: '2021-12-08 10:46:18', datePlain: true });
    expect(splitFrontMatter('---\ndate: 2021-12-08 10:46:18 +0800\n---\n')).toMatchObject({ dateText: '2021-12-08 10:46:18 +0800', datePlain: true });
    expect(splitFrontMatter('---\ndate: "2021-12-08 10:46:18"\n---\n')).toMatchObject({ dateText: '2021-12-08 10:46:18', datePlain: false });
    expect(splitFrontMatter("---\ndate: '2021-12-08'\n---\n")).toMatchObject({ dateText: '2021-12-08', datePlain: false });
  });

  it('has no date text for an empty or missing date', () => {
    expect(splitFrontMatter('---\ndate:\n---\n')?.dateText).toBeNull();
    expect(splitFrontMatter('---\ndate: ""\n---\n')?.dateText).toBeNull();
    expect(splitFrontMatter('---\ntitle: x\n---\n')?.dateText).toBeNull();
  });
});

describe('splitFrontMatter: broken front matter', () => {
  it('recovers a title whose inner quotes end the string early, naming the line', () => {
    const fm = splitFrontMatter('---\nlayout: post\ntitle: "a "b" c"\ndate: 2021-12-08 10:00:00 +0800\ncategories: emnews\n---\nbody');
    expect(fm).toEqual({
      data: { layout: 'post', title: 'a "b" c', date: '2021-12-08 10:00:00 +0800', categories: 'emnews' },
      dateText: '2021-12-08 10:00:00 +0800',
      datePlain: true,
      body: 'body',
      bodyLine: 7,
      problems: ['line 3: front matter is not valid YAML (Unexpected scalar at node end); recovered layout, title, date, categories from its lines'],
    });
  });

  it('names the line of the error, not the first line of the block', () => {
    const fm = splitFrontMatter('---\na: 1\nb: 2\nc: 3\ntitle: "x "y" z"\n---\n');
    expect(fm?.problems).toEqual([expect.stringMatching(/^line 5: front matter is not valid YAML/)]);
    expect(fm?.data).toEqual({ a: '1', b: '2', c: '3', title: 'x "y" z' });
  });

  it('counts the problem line from the top of the file, blank lines included', () => {
    const fm = splitFrontMatter('\n---\ntitle: "a "b" c"\n---\nbody');
    expect(fm?.problems[1]).toMatch(/^line 3: front matter is not valid YAML/);
  });

  it('marks a recovered quoted date as not plain', () => {
    const fm = splitFrontMatter('---\ntitle: "a "b""\ndate: "2021-12-08 10:00:00"\n---\n');
    expect(fm).toMatchObject({ dateText: '2021-12-08 10:00:00', datePlain: false });
  });

  it('says so when the front matter is a list, not a mapping', () => {
    expect(splitFrontMatter('---\n- a\n- b\n---\nbody')).toMatchObject({
      data: {},
      body: 'body',
      problems: ['line 2: front matter is not a mapping of keys to values; recovered nothing from its lines'],
    });
  });

  it('says so when the front matter is a lone string', () => {
    expect(splitFrontMatter('---\njust words\n---\nbody')?.problems).toEqual([
      'line 2: front matter is not a mapping of keys to values; recovered nothing from its lines',
    ]);
  });
});

describe('the fast path for simple front matter', () => {
  it('reads the scraper’s front matter without the YAML parser', () => {
    expect(readSimpleFrontMatter('layout: post\ntitle: "开站“大吉”"\ndate: 2021-12-01 13:33:50\ncategories: sitenews\ntags: 站长消息')).toEqual({
      data: { layout: 'post', title: '开站“大吉”', date: '2021-12-01 13:33:50', categories: 'sitenews', tags: '站长消息' },
      dateText: '2021-12-01 13:33:50',
      datePlain: true,
      problems: [],
    });
  });

  it('leaves anything else to the YAML reader', () => {
    for (const text of ['title: "a "b" c"', 'title: "a\\tb"', 'tags: [a, b]', 'flag: yes', 'n: 12', 'a: b: c', '# comment', 'x: &a 1', 'date: +0800', 'k: v\nk: w', 'list:\n  - a']) {
      expect(readSimpleFrontMatter(text), text).toBeNull();
    }
  });

  it('agrees with the YAML reader wherever it answers', () => {
    const word = fc.oneof(
      fc.constantFrom('emnews', '东财滚动新闻', 'A b', '21财经APP', 'yes', 'No', '~', 'null', '1e3', '0x1F', '2021', '-', 'a:b', 'a #b', "it's", '“引号”', ''),
      fc.string({ maxLength: 12 }),
    );
    const value = fc.oneof(word, word.map((w) => `"${w}"`), word.map((w) => `'${w}'`));
    const line = fc.tuple(fc.constantFrom('layout', 'title', 'categories', 'category', 'tags', 'slug', 'permalink'), value).map(([k, v]) => `${k}: ${v}`);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const text = lines.join('\n');
        const fast = readSimpleFrontMatter(text);
        if (fast === null) return;
        expect(fast).toEqual(readYamlFrontMatter(text, 2));
      }),
      { seed: 20211208, numRuns: 1000 },
    );
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jekyllAvailable, runJekyll, type JekyllInput, type JekyllResult } from '../support/jekyll-reference.ts';

// Like the real site's config: the theme and plugin gems are not installed, so the harness must drop them.
const CONFIG = `theme: jekyll-theme-minimal
title: 金融消息
url: https://finews.example.com
timezone: Asia/Shanghai
plugins:
  - jekyll-feed
`;

const POSTS: Record<string, string> = {
  normal: `---
layout: post
title: "离岸人民币"
date: 2021-12-08 10:46:18 +0800
categories: emnews
tags: 东财滚动新闻
---
hello *world*`,
  // No layout line, empty title, two categories and a date without a zone.
  zoneless: `---
title: ""
date: 2021-12-08 17:30:00
categories: A b
---
zoneless`,
  badQuotes: `---
layout: post
title: "a "b" c"
date: 2021-12-08 10:00:00 +0800
---
bad`,
  noDate: `---
layout: post
title: no date
---
undated`,
  first: `---
layout: post
title: first
date: 2021-12-08 09:00:00 +0800
---
first version`,
  second: `---
layout: post
title: second
date: 2021-12-08 09:00:00 +0800
---
second version`,
};

describe.skipIf(!jekyllAvailable())('runJekyll', () => {
  let dir = '';
  let result: JekyllResult;
  const file = (key: string): string => path.join(dir, `${key}.md`);
  const post = (key: string) => result.posts.find((p) => p.file === file(key));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jekyll-reference-'));
    for (const [key, text] of Object.entries(POSTS)) await writeFile(file(key), text);
    const inputs: JekyllInput[] = [
      { file: file('normal'), jekyllName: '2021-12-08-normal.md' },
      { file: file('zoneless'), jekyllName: '2021-12-08-zoneless.md' },
      { file: file('badQuotes'), jekyllName: '2021-12-08-bad-quotes.md' },
      { file: file('noDate'), jekyllName: 'no-date.md' },
      { file: file('first'), jekyllName: '2021-12-08-twice.md' },
      { file: file('second'), jekyllName: '2021-12-08-twice.md' },
    ];
    result = await runJekyll(inputs, { configYml: CONFIG, workDir: path.join(dir, 'work') });
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads a normal post', () => {
    expect(post('normal')).toEqual({
      file: file('normal'),
      url: '/emnews/2021/12/08/normal.html',
      title: '离岸人民币',
      date: '2021-12-08T10:46:18+08:00',
      categories: ['emnews'],
      tags: ['东财滚动新闻'],
      content: '<p>hello <em>world</em></p>\n',
    });
  });

  it('reads a zone-less date as UTC and splits categories on spaces', () => {
    expect(post('zoneless')).toMatchObject({
      url: '/a/b/2021/12/09/zoneless.html', // 17:30 UTC is the 9th in Shanghai; URL categories are lower-cased
      date: '2021-12-09T01:30:00+08:00',
      categories: ['A', 'b'],
      title: '',
      content: '<p>zoneless</p>\n',
    });
  });

  it('reports front matter with unescaped quotes as unreadable', () => {
    expect(result.unreadable).toEqual([
      { file: file('badQuotes'), message: expect.stringMatching(/did not find expected key/) as unknown },
    ]);
    expect(post('badQuotes')).toBeUndefined();
  });

  it('lists a file named without a date as not read', () => {
    expect(result.notRead).toEqual([file('noDate')]);
  });

  it('returns every version of a file name as a separate post', () => {
    expect(post('first')).toMatchObject({ url: '/2021/12/08/twice.html', content: '<p>first version</p>\n' });
    expect(post('second')).toMatchObject({ url: '/2021/12/08/twice.html', content: '<p>second version</p>\n' });
    expect(result.posts).toHaveLength(4);
  });
});

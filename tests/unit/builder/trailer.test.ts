import { describe, expect, it } from 'vitest';
import { liftMarkdownTrailer, siteTarget } from '../../../src/builder/trailer.ts';

const lift = liftMarkdownTrailer;

describe('liftMarkdownTrailer: back-links', () => {
  it.each([
    ['//host/category/<slug>.html', '[返回中国基金报新闻](//finews.withounder.com/category/zhongguojijinbao.html)'],
    ['//host/<slug>/', '[返回东财滚动新闻](//finews.withounder.com/emnews/)'],
    ['a former host', '[返回东财滚动新闻](//finews.zning.me/emnews/)'],
    ['//host/', '[返回首页](//finews.withounder.com/)'],
    ['../<slug>/', '[返回东财滚动新闻](../emnews/)'],
    ['./<slug>/', '[返回东财滚动新闻](./emnews/)'],
    ['../', '[返回首页](../)'],
    ['https://host/', '[返回首页](https://finews.withounder.com/)'],
  ])('lifts a back-link to %s', (_form, line) => {
    const m = /^\[([^\]]*)\]\(([^)]*)\)$/.exec(line);
    expect(lift(`正文。\n\n${line}`)).toEqual({ body: '正文。', externalUrl: null, backlinks: [{ label: m?.[1], href: m?.[2] }], lifted: [line] });
  });

  it('lifts two back-links joined by ｜ (or |), in order', () => {
    expect(lift('正文\n\n[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)')).toEqual({
      body: '正文',
      externalUrl: null,
      backlinks: [
        { label: '返回东财滚动新闻', href: '//finews.withounder.com/emnews/' },
        { label: '返回首页', href: '//finews.withounder.com/' },
      ],
      lifted: ['[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)'],
    });
    expect(lift('正文\n[返回新闻](../x/) | [返回首页](../)').backlinks).toHaveLength(2);
  });

  it('lifts back-links on two lines', () => {
    expect(lift('正文\n\n[返回东财滚动新闻](../emnews/)\n[返回首页](../)')).toEqual({
      body: '正文',
      externalUrl: null,
      backlinks: [
        { label: '返回东财滚动新闻', href: '../emnews/' },
        { label: '返回首页', href: '../' },
      ],
      lifted: ['[返回东财滚动新闻](../emnews/)', '[返回首页](../)'],
    });
  });
});

describe('liftMarkdownTrailer: the original address', () => {
  it('lifts an autolink line before the back-links as the external URL', () => {
    expect(lift('正文。\n\n<http://finance.eastmoney.com/news/11060,202112082206672930.html>\n\n[返回首页](//finews.withounder.com/)')).toEqual({
      body: '正文。',
      externalUrl: 'http://finance.eastmoney.com/news/11060,202112082206672930.html',
      backlinks: [{ label: '返回首页', href: '//finews.withounder.com/' }],
      lifted: ['<http://finance.eastmoney.com/news/11060,202112082206672930.html>', '[返回首页](//finews.withounder.com/)'],
    });
  });

  it('lifts an autolink that ends the post', () => {
    expect(lift('正文\n\n<https://a.example/x?infoCode=NW1>')).toMatchObject({ body: '正文', externalUrl: 'https://a.example/x?infoCode=NW1' });
  });

  it('lifts the empty <> without making it an address', () => {
    expect(lift('正文\n\n<>\n\n[返回首页](../)')).toEqual({
      body: '正文',
      externalUrl: null,
      backlinks: [{ label: '返回首页', href: '../' }],
      lifted: ['<>', '[返回首页](../)'],
    });
  });

  it('ignores trailing blank lines and spaces', () => {
    expect(lift('正文\n\n<http://a.example/x>  \n\n\n')).toMatchObject({ body: '正文', externalUrl: 'http://a.example/x' });
  });
});

describe('liftMarkdownTrailer: what stays', () => {
  it('leaves a body without a trailer alone', () => {
    expect(lift('第一段\n\n第二段')).toEqual({ body: '第一段\n\n第二段', externalUrl: null, backlinks: [], lifted: [] });
  });

  it('keeps a last line that is a link but not a 返回 link', () => {
    expect(lift('正文\n\n[原文链接](http://a.example/x)')).toEqual({ body: '正文\n\n[原文链接](http://a.example/x)', externalUrl: null, backlinks: [], lifted: [] });
    expect(lift('正文\n\n[返回首页](../)｜[原文](http://a.example/)').backlinks).toEqual([]);
  });

  it('keeps back-links and autolinks that are followed by text', () => {
    const body = '<http://a.example/x>\n\n[返回首页](../)\n\n结尾。';
    expect(lift(body)).toEqual({ body, externalUrl: null, backlinks: [], lifted: [] });
  });

  it('keeps an autolink that is not on a line of its own, and other angle brackets', () => {
    expect(lift('见 <http://a.example/x>').lifted).toEqual([]);
    expect(lift('正文\n\n<p>段落</p>').lifted).toEqual([]);
    expect(lift('正文\n\n<mailto:a@b.c>').lifted).toEqual([]);
  });

  it('keeps a back-link whose address has a space (not a Markdown link)', () => {
    const body = '正文\n\n[返回21世纪经济报道新闻](//finews.withounder.com/category/21shijijingjibaodao 21caijingAPP.html)';
    expect(lift(body)).toMatchObject({ body, backlinks: [] });
  });

  it('stops at the first line from the end that is not trailer', () => {
    expect(lift('正文\n\n[返回首页](../)\n\n中间\n\n<http://a.example/x>')).toEqual({
      body: '正文\n\n[返回首页](../)\n\n中间',
      externalUrl: 'http://a.example/x',
      backlinks: [],
      lifted: ['<http://a.example/x>'],
    });
  });
});

describe('siteTarget', () => {
  const hosts = ['finews.withounder.com', 'finews.zning.me'];

  it.each([
    ['//finews.withounder.com/', { kind: 'home' }],
    ['https://finews.withounder.com', { kind: 'home' }],
    ['//finews.zning.me/index.html', { kind: 'home' }],
    ['../', { kind: 'home' }],
    ['./', { kind: 'home' }],
    ['/', { kind: 'home' }],
    ['//finews.withounder.com/emnews/', { kind: 'category', slug: 'emnews' }],
    ['//FINEWS.ZNING.ME:443/emnews', { kind: 'category', slug: 'emnews' }],
    ['//finews.withounder.com/category/zhongguojijinbao.html', { kind: 'category', slug: 'zhongguojijinbao' }],
    ['//finews.zning.me/category/21shijijingjibaodao%2021caijingAPP.html', { kind: 'category', slug: '21shijijingjibaodao 21caijingAPP' }],
    ['../emnews/', { kind: 'category', slug: 'emnews' }],
    ['./emnews/', { kind: 'category', slug: 'emnews' }],
    ['../../emnews', { kind: 'category', slug: 'emnews' }],
    ['//finews.withounder.com/emnews/2021/12/08/202112082206672930.html', { kind: 'article', path: '/emnews/2021/12/08/202112082206672930.html' }],
  ])('%s → %j', (href, expected) => {
    expect(siteTarget(href, hosts)).toEqual(expected);
  });

  it.each([
    'http://finance.eastmoney.com/news/1354,202112082207166919.html',
    '//finews.zning.xyz/emnews/',
    '//evil.example/?finews.withounder.com/',
    'javascript:alert(1)',
    'mailto:a@b.c',
    'emnews/',
    '//finews.withounder.com/about/team/',
  ])('%s is not a link into the site', (href) => {
    expect(siteTarget(href, hosts)).toBeNull();
  });

  it('knows only the hosts it is given', () => {
    expect(siteTarget('//finews.zning.me/emnews/', ['finews.withounder.com'])).toBeNull();
  });
});

describe('links that only look like the site', () => {
  it('are not routed inside the app when a browser would read another host', () => {
    const hosts = ['finews.withounder.com'];
    for (const href of ['//finews.withounder.com//evil.example/2022/01/01/x.html', '//finews.withounder.com/\\evil.example/', 'https://finews.withounder.com//evil.example/emnews/', '..//evil.example/']) {
      expect(siteTarget(href, hosts), href).toBeNull();
    }
    expect(siteTarget('//finews.withounder.com/emnews/', hosts)).toEqual({ kind: 'category', slug: 'emnews' });
  });
});

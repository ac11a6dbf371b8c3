/**
 * The reader as a person uses it, on the bundled sample built by `build:site` (page size 10) and
 * served by a plain static server with no fallback. Runs at phone and desktop sizes (projects).
 */
import { at, documentIsMarked, expect, expectAccessible, markDocument, siteUrl, test } from './fixtures.ts';

const root = (): string => siteUrl('SAMPLE_URL');
/** A post dated 2022-05-27 17:05 without a zone: Jekyll put it under the 28th in its URL. */
const LEGACY = '/emnews/2022/05/28/202205272393451157.html';
const ARTICLE = '/zhongguoshichangjianguanxinwenwang/2022/05/31/202205312397164660.html';

test('the river lists the newest news first and loads more pages', async ({ page, consoleLog }) => {
  void consoleLog;
  const pages: string[] = [];
  page.on('request', (r) => {
    const m = /\/feed\/(feed(?:-\d+)?\.json)$/.exec(r.url());
    if (m?.[1]) pages.push(m[1]);
  });
  await page.goto(root());
  await expect(page).toHaveTitle('金融消息');
  await expect(page.getByRole('heading', { level: 1, name: '最新消息' })).toBeVisible();
  const titles = page.locator('.item-row__title');
  await expect(titles.first()).toHaveText('市场监管总局：前4月全国新设市场主体稳定增长');
  const times = await page.locator('.item-row time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
  expect(times.length).toBeGreaterThan(3);
  expect([...times].sort().reverse()).toEqual(times);
  await expect(page.getByText('共 40 条')).toBeVisible();
  // Ten items a page: scrolling down follows next_url page by page until the end.
  const end = page.getByText('没有更多了');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('End');
    await page.waitForTimeout(200);
    if ((await end.isVisible()) && (await end.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight))) break;
  }
  await expect(end).toBeInViewport();
  expect(pages.filter((p) => p !== 'feed.json')).toEqual(['feed-3.json', 'feed-2.json', 'feed-1.json']);
  await expect(page.getByRole('link', { name: '银保监会：一季度末银行业金融机构本外币资产同比增长8.4%' })).toBeVisible();
  // The list is virtual: never anywhere near all rows in the DOM at once on a phone.
  expect(await page.locator('.item-row').count()).toBeLessThan(40);
  await expectAccessible(page);
});

test('the by-source view shows each source with its newest posts', async ({ page, consoleLog }) => {
  void consoleLog;
  await page.goto(at(root(), '/?view=sources'));
  await expect(page.getByRole('heading', { level: 1, name: '按来源浏览' })).toBeVisible();
  const card = page.locator('.source-card').filter({ has: page.getByRole('heading', { name: /东财滚动新闻/ }) });
  await expect(card.locator('li')).toHaveCount(5);
  await expectAccessible(page);
});

test('typing finds a source by Chinese name or pinyin, and opens it', async ({ page, consoleLog }) => {
  void consoleLog;
  await page.goto(at(root(), '/categories'));
  await expect(page).toHaveTitle('全部来源 · 金融消息');
  const search = page.getByRole('searchbox', { name: '按名称或拼音筛选来源' });
  await search.fill('基金');
  await expect(page.locator('.category-row')).toHaveCount(1);
  await expect(page.locator('.category-row__name')).toHaveText('中国基金报新闻');
  await search.fill('zhengquan');
  await expect(page.locator('.category-row__name')).toHaveText(['证券时报新闻', '上海证券报新闻', '中国证券报新闻']);
  await search.fill('没有这个来源');
  await expect(page.getByText('没有找到与“没有这个来源”匹配的来源。')).toBeVisible();
  await search.fill('jijin');
  await page.getByRole('list', { name: '来源列表' }).getByRole('link', { name: '中国基金报新闻' }).click();
  await expect(page).toHaveURL(/\/c\/zhongguojijinbao$/);
  await expect(page.getByRole('heading', { level: 1, name: '中国基金报新闻' })).toBeVisible();
  await expectAccessible(page);
});

test('a category lists its posts and opens an article', async ({ page, consoleLog }) => {
  void consoleLog;
  await page.goto(at(root(), '/c/emnews'));
  await expect(page).toHaveTitle('东财滚动新闻 · 金融消息');
  await expect(page.getByText('emnews · 共 15 篇')).toBeVisible();
  const first = page.locator('.item-row__title a').first();
  await expect(first).toHaveText('“稳外贸”政策加码 多地出台支持外贸企业纾困措施');
  await markDocument(page);
  await first.click();
  await expect(page).toHaveURL(/\/emnews\/2022\/05\/31\/202205312396789907\.html$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('“稳外贸”政策加码 多地出台支持外贸企业纾困措施');
  expect(await documentIsMarked(page)).toBe(true);
  await expectAccessible(page);
});

test('an article shows time in Beijing time, source, tags, body and attribution', async ({ page, consoleLog }) => {
  void consoleLog;
  await page.goto(at(root(), ARTICLE));
  await expect(page).toHaveTitle('市场监管总局：前4月全国新设市场主体稳定增长 · 金融消息');
  const description = await page.locator('meta[name="description"]').getAttribute('content');
  expect(description).toContain('市场监管总局最新数据显示');
  await expect(page.locator('.article__meta')).toContainText('2022/5/31 20:10');
  await expect(page.locator('.article__meta')).toContainText('北京时间');
  await expect(page.locator('.tags')).toContainText('中国市场监管新闻网新闻');
  await expect(page.locator('.article__body')).toContainText('全国新设市场主体保持稳定增长');
  // The source line was lifted out of the body into the attribution block.
  await expect(page.locator('.article__body')).not.toContainText('文章来源');
  const attribution = page.getByRole('complementary', { name: '来源' });
  await expect(attribution.locator('.attribution__name')).toHaveText('中国市场监管新闻网');
  const original = attribution.getByRole('link', { name: /阅读原文/ });
  await expect(original).toHaveAttribute('href', 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205312397164660');
  await expect(original).toHaveAttribute('target', '_blank');
  await expect(original).toHaveAttribute('rel', 'noopener noreferrer');
  // External links in the body open in a new tab without referrer; images load lazily, no Referer.
  for (const link of await page.locator('.article__body a:not([data-internal])').all()) {
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  }
  await expectAccessible(page);
});

test('images in bodies load lazily without a Referer, data-src promoted', async ({ page, consoleLog }) => {
  void consoleLog;
  await page.route(/\.(?:jpe?g|png|gif|webp)(?:\?|$)/i, (route) => route.fulfill({ status: 404, body: '' }));
  consoleLog.allow(/Failed to load resource/);
  await page.goto(at(root(), '/zhongguoshichangjianguanxinwenwang/2022/05/27/202205272393156824.html'));
  const images = page.locator('.article__body img');
  await expect(images.first()).toBeAttached();
  for (const img of await images.all()) {
    await expect(img).toHaveAttribute('loading', 'lazy');
    await expect(img).toHaveAttribute('referrerpolicy', 'no-referrer');
    expect(await img.getAttribute('src')).toMatch(/^https:\/\//);
  }
  // A broken image does not break the layout: the article still fits the viewport's width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('back-links navigate inside the app without reloading', async ({ page, consoleLog }) => {
  void consoleLog;
  await page.goto(at(root(), ARTICLE));
  await markDocument(page);
  const back = page.getByRole('complementary', { name: '来源' }).getByRole('link', { name: '返回中国市场监管新闻网新闻' });
  await expect(back).toHaveAttribute('href', '/c/zhongguoshichangjianguanxinwenwang');
  await back.click();
  await expect(page).toHaveURL(/\/c\/zhongguoshichangjianguanxinwenwang$/);
  await expect(page.getByRole('heading', { level: 1, name: '中国市场监管新闻网新闻' })).toBeVisible();
  expect(await documentIsMarked(page)).toBe(true);
  await page.goBack();
  await page.getByRole('complementary', { name: '来源' }).getByRole('link', { name: '返回首页' }).click();
  await expect(page).toHaveURL(`${root()}`);
  await expect(page.getByRole('heading', { level: 1, name: '最新消息' })).toBeVisible();
  expect(await documentIsMarked(page)).toBe(true);
});

test('previous and next within the source', async ({ page, consoleLog }) => {
  void consoleLog;
  await page.goto(at(root(), '/emnews/2022/05/27/202205272393209523.html'));
  const pager = page.getByRole('navigation', { name: '同一来源的上一篇和下一篇' });
  await pager.getByRole('link', { name: /较早一篇/ }).click();
  await expect(page).toHaveURL(/\/emnews\/2022\/05\/26\/202205262392535827\.html$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('“618”前夕 多地发放消费券提振家电汽车消费');
});

test('share copies the link where there is no Web Share, and says so', async ({ page, context, consoleLog }) => {
  void consoleLog;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(root()).origin });
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'share', { value: undefined, configurable: true });
  });
  await page.goto(at(root(), ARTICLE));
  await page.getByRole('button', { name: '分享' }).click();
  await expect(page.getByRole('status').filter({ hasText: '链接已复制' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(at(root(), ARTICLE));
});

test('share uses the Web Share API where the browser has it', async ({ page, consoleLog }) => {
  void consoleLog;
  await page.addInitScript(() => {
    const calls: ShareData[] = [];
    (window as unknown as { __shares: ShareData[] }).__shares = calls;
    Object.defineProperty(navigator, 'share', { value: async (data: ShareData) => void calls.push(data), configurable: true });
  });
  await page.goto(at(root(), ARTICLE));
  await page.getByRole('button', { name: '分享' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已分享' })).toBeVisible();
  const shares = await page.evaluate(() => (window as unknown as { __shares: ShareData[] }).__shares);
  expect(shares).toEqual([{ title: '市场监管总局：前4月全国新设市场主体稳定增长', url: at(root(), ARTICLE) }]);
});

test('a deep article URL and a legacy category URL open on reload', async ({ page, consoleLog }) => {
  void consoleLog;
  const response = await page.goto(at(root(), ARTICLE));
  expect(response?.status()).toBe(200);
  // The HTML file itself carries the page's title and tags for link previews.
  const html = await response?.text();
  expect(html).toContain('<title>市场监管总局：前4月全国新设市场主体稳定增长 · 金融消息</title>');
  expect(html).toContain('property="og:title"');
  expect(html).toContain(`<link rel="canonical" href="https://finews.withounder.com${ARTICLE}"`);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('市场监管总局：前4月全国新设市场主体稳定增长');
  const legacy = await page.goto(at(root(), '/category/zhongguojijinbao.html'));
  expect(legacy?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: '中国基金报新闻' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '中国基金报新闻' })).toBeVisible();
  await expect(page.locator('.item-row')).not.toHaveCount(0);
});

test('a legacy Jekyll permalink keeps working, with the time the scraper meant', async ({ page, consoleLog }) => {
  void consoleLog;
  const response = await page.goto(at(root(), LEGACY));
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('两市融资余额减少21.09亿元');
  // Jekyll filed it under the 28th, but it was published on the 27th at 17:05 Beijing time.
  await expect(page.locator('.article__meta')).toContainText('2022/5/27 17:05');
});

test('unknown URLs and missing articles show the not-found page, with a link home', async ({ page, consoleLog }) => {
  consoleLog.allow(/404 \(Not Found\)/);
  // (A line break in a path: React Router's `*` pattern does not match one; the app still answers.)
  for (const route of ['/no/such/page', '/emnews/2022/05/27/999.html', '/c/no-such-source', '/line%0Abreak/2022/05/27/1.html', '/a%E2%80%A8b']) {
    const response = await page.goto(at(root(), route));
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/找不到这个页面/);
    await expect(page).toHaveURL(at(root(), route));
    await expect(page.getByRole('banner')).toBeVisible();
  }
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '最新消息' })).toBeVisible();
  await expectAccessible(page);
});

test('the top sources are reachable from every page', async ({ page, consoleLog }) => {
  void consoleLog;
  await page.goto(at(root(), ARTICLE));
  const top = page.getByRole('navigation', { name: '常看来源' });
  await expect(top.getByRole('link')).toHaveCount(6);
  await top.getByRole('link', { name: '东财滚动新闻' }).click();
  await expect(page).toHaveURL(/\/c\/emnews$/);
});

test('a site built with --base serves every route under the sub-path', async ({ page, consoleLog }) => {
  const sub = siteUrl('SUBPATH_URL');
  await page.goto(at(sub, ARTICLE));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('市场监管总局：前4月全国新设市场主体稳定增长');
  await page.getByRole('complementary', { name: '来源' }).getByRole('link', { name: '返回中国市场监管新闻网新闻' }).click();
  await expect(page).toHaveURL(`${sub}c/zhongguoshichangjianguanxinwenwang`);
  await page.goto(at(sub, '/categories'));
  await expect(page.getByRole('heading', { level: 1, name: '全部来源' })).toBeVisible();
  // A path with a line break under the sub-path: the app's own not-found page, in its layout.
  consoleLog.allow(/404 \(Not Found\)/);
  await page.goto(at(sub, '/line%0Abreak/2022/05/27/1.html'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/找不到这个页面/);
  await expect(page.getByRole('banner')).toBeVisible();
});

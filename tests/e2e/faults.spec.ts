/**
 * Faults in the feed, injected with route interception on the bundled sample (page size 10): every
 * failure shows an in-page message that names the file and what went wrong, with a retry that really
 * recovers once the fault is gone, and the header and the other routes keep working meanwhile.
 * Runs at phone and desktop sizes (projects).
 */
import type { APIRequestContext, Locator, Page, Route } from '@playwright/test';
import { pageLayout } from '../../src/feed/paths.ts';
import type { FeedPage } from '../../src/feed/schema.ts';
import { at, expect, expectAccessible, siteUrl, test as base } from './fixtures.ts';

const root = (): string => siteUrl('SAMPLE_URL');
const ARTICLE = '/zhongguoshichangjianguanxinwenwang/2022/05/31/202205312397164660.html';
const ARTICLE_ID = 'zhongguoshichangjianguanxinwenwang_2022_05_31_202205312397164660';
/** The newest post: the river's first row and the article above. */
const NEWEST = '市场监管总局：前4月全国新设市场主体稳定增长';
const SECOND = { title: 'A股5月收官：主要指数月线收涨 北向资金全月净流入', id: 'zhengquanshibao_2022_05_31_NW202205312397032095' };
/** The fetch timeout the timeout test sets instead of the app's 15 s (read by src/data/fetch-feed.ts). */
const TEST_TIMEOUT_MS = 1500;

/** A feed file as the sample's server has it. */
async function feedFile(request: APIRequestContext, file: string): Promise<FeedPage> {
  const response = await request.get(at(root(), `/feed/${file}`));
  expect(response.status(), file).toBe(200);
  return (await response.json()) as FeedPage;
}

type Handler = (route: Route) => Promise<void> | void;

interface Feed {
  /** Serve `file` (under feed/) with `handler` until restored; its failed loads are allowed in the console. */
  break: (file: string, handler: Handler) => Promise<void>;
  restore: (file: string) => Promise<void>;
  /** How many requests for `file` reached the broken route. */
  hits: (file: string) => number;
  /** Allow failed loads of other URLs that the fault causes (e.g. going offline). */
  allowFailedLoad: (url: RegExp) => void;
}

const feedUrl = (file: string): string => `**/feed/${file}`;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `consoleLog` fails a test on console errors by text only, and Chromium's "Failed to load resource"
 * does not name the URL: this fixture allows those messages only for the URLs the test broke.
 */
const test = base.extend<{ feed: Feed }>({
  feed: async ({ page, consoleLog }, use) => {
    const allowed: RegExp[] = [];
    const unexpected: string[] = [];
    const hits = new Map<string, number>();
    consoleLog.allow(/^Failed to load resource: /);
    page.on('console', (msg) => {
      const url = msg.location().url;
      if (msg.type() === 'error' && msg.text().startsWith('Failed to load resource: ') && !allowed.some((p) => p.test(url))) {
        unexpected.push(`${msg.text()} (${url})`);
      }
    });
    await use({
      break: async (file, handler) => {
        allowed.push(new RegExp(`/feed/${escape(file)}$`));
        await page.route(feedUrl(file), (route) => {
          hits.set(file, (hits.get(file) ?? 0) + 1);
          return handler(route);
        });
      },
      restore: (file) => page.unroute(feedUrl(file)),
      hits: (file) => hits.get(file) ?? 0,
      allowFailedLoad: (url) => allowed.push(url),
    });
    expect(unexpected, 'resources that failed to load besides those broken on purpose').toEqual([]);
  },
});

// The faults.
const status = (code: number): Handler => (route) => route.fulfill({ status: code, contentType: 'text/html', body: `<h1>${code}</h1>` });
/** A request that is never answered. */
const never: Handler = () => {};
const truncated: Handler = async (route) => {
  const response = await route.fetch();
  const body = await response.text();
  await route.fulfill({ response, body: body.slice(0, Math.floor(body.length / 2)) });
};
/** The real file, changed by `change` (which edits the parsed JSON in place). */
const edited =
  (change: (json: Record<string, unknown>) => void): Handler =>
  async (route) => {
    const response = await route.fetch();
    const json = (await response.json()) as Record<string, unknown>;
    change(json);
    await route.fulfill({ response, json });
  };

// What the reader sees.
const mainNav = (page: Page): Locator => page.getByRole('navigation', { name: '主导航' });
const h1 = (page: Page): Locator => page.getByRole('heading', { level: 1 });

/** The error panel titled `title`, naming everything in `detail`, with an enabled retry button. */
async function expectPanel(page: Page, title: string, ...detail: (string | RegExp)[]): Promise<Locator> {
  const panel = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
  await expect(panel).toBeVisible();
  for (const part of detail) await expect(panel.locator('.error-panel__detail')).toContainText(part);
  await expect(panel.getByRole('button', { name: '重试' })).toBeEnabled();
  return panel;
}

/** Press End until `target` shows up (the virtual lists fetch as rows come into view). */
async function scrollUntilVisible(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 30 && !(await target.isVisible()); i++) {
    await page.keyboard.press('End');
    await page.waitForTimeout(150);
  }
}

const showsRiver = async (page: Page): Promise<void> => {
  await expect(h1(page)).toHaveText('最新消息');
  await expect(page.locator('.item-row__title').first()).toHaveText(NEWEST);
};
const showsCategories = async (page: Page): Promise<void> => {
  await expect(h1(page)).toHaveText('全部来源');
  await expect(page.locator('.category-row').first()).toBeVisible();
};

/** The header takes the reader to another route, which loads; then back to the broken one. */
async function visitElsewhereAndBack(page: Page, from: string): Promise<void> {
  if (from === '/categories') {
    await mainNav(page).getByRole('link', { name: '首页' }).click();
    await showsRiver(page);
  } else {
    await mainNav(page).getByRole('link', { name: '全部来源' }).click();
    await showsCategories(page);
  }
  await page.goBack();
  await expect(page).toHaveURL(at(root(), from));
}

interface PageFault {
  name: string;
  file: string;
  route: string;
  handler: Handler;
  title: string;
  detail: (string | RegExp)[];
  /** Requests before the message, where it says something: transient failures (5xx, timeout) are retried once, others not. */
  attempts?: number;
  /** Shorten the app's fetch timeout for this case. */
  timeoutMs?: number;
  /** Also check the error page with axe (once is enough: the panel is the same everywhere). */
  axe?: boolean;
  /** The route's content, once the file is back. */
  recovered: (page: Page) => Promise<void>;
}

const PAGE_FAULTS: PageFault[] = [
  {
    name: 'feed.json is missing (404)',
    file: 'feed.json',
    route: '/',
    handler: status(404),
    title: '找不到数据文件',
    detail: ['feed.json was not found (404)'],
    attempts: 1,
    axe: true,
    recovered: showsRiver,
  },
  {
    name: 'feed.json gets a server error (500)',
    file: 'feed.json',
    route: '/',
    handler: status(500),
    title: '服务器出错',
    detail: ['feed.json: the server answered 500'],
    attempts: 2,
    recovered: showsRiver,
  },
  {
    name: 'feed.json never arrives (timeout)',
    file: 'feed.json',
    route: '/',
    handler: never,
    title: '服务器没有响应',
    detail: [`feed.json: no answer within ${TEST_TIMEOUT_MS / 1000} s`],
    attempts: 2,
    timeoutMs: TEST_TIMEOUT_MS,
    recovered: showsRiver,
  },
  {
    name: 'an item file is truncated (invalid JSON)',
    file: `items/${ARTICLE_ID}.json`,
    route: ARTICLE,
    handler: truncated,
    title: '数据文件已损坏',
    detail: [`items/${ARTICLE_ID}.json is not valid JSON`],
    recovered: async (page) => {
      await expect(h1(page)).toHaveText(NEWEST);
      await expect(page.locator('.article__body')).toContainText('全国新设市场主体保持稳定增长');
    },
  },
  {
    name: 'categories.json has the wrong shape',
    file: 'categories.json',
    route: '/categories',
    handler: edited((json) => {
      for (const c of json.categories as Record<string, unknown>[]) c.count = String(c.count);
    }),
    title: '数据文件格式不对',
    detail: ['categories.json is not a valid feed file', 'categories.0.count', /Expected number/],
    recovered: showsCategories,
  },
  {
    name: 'feed.json is another JSON Feed version',
    file: 'feed.json',
    route: '/',
    handler: edited((json) => {
      json.version = 'https://jsonfeed.org/version/1';
    }),
    title: '数据文件格式不对',
    detail: ['feed.json is not a valid feed file', 'version is not JSON Feed 1.1'],
    attempts: 1,
    recovered: showsRiver,
  },
  {
    name: "a source's list is missing (404)",
    file: 'c/emnews/feed.json',
    route: '/c/emnews',
    handler: status(404),
    title: '找不到数据文件',
    detail: ['c/emnews/feed.json was not found (404)'],
    attempts: 1,
    recovered: async (page) => {
      await expect(h1(page)).toHaveText('东财滚动新闻');
      await expect(page.getByText('emnews · 共 15 篇')).toBeVisible();
    },
  },
];

/** The fault's message shows in time: a timeout takes two timeouts and the retry delay between them. */
const panelTimeout = (fault: PageFault): number => (fault.timeoutMs ? 2 * fault.timeoutMs + 800 + 7000 : 7000);

for (const fault of PAGE_FAULTS) {
  test(`${fault.name}: the page says so, the app keeps working, retry recovers`, async ({ page, feed }) => {
    if (fault.timeoutMs) {
      await page.addInitScript((ms) => {
        (window as unknown as { __FINEWS_FETCH_TIMEOUT_MS?: number }).__FINEWS_FETCH_TIMEOUT_MS = ms;
      }, fault.timeoutMs);
    }
    await feed.break(fault.file, fault.handler);
    await page.goto(at(root(), fault.route));
    await expect(page.getByRole('alert')).toBeVisible({ timeout: panelTimeout(fault) });
    await expectPanel(page, fault.title, ...fault.detail);
    if (fault.attempts !== undefined) expect(feed.hits(fault.file), `requests for ${fault.file}`).toBe(fault.attempts);
    await expect(page).toHaveTitle('出错了');
    await expect(page.getByRole('link', { name: '金融消息' }).first()).toBeVisible();
    if (fault.axe) await expectAccessible(page);

    await visitElsewhereAndBack(page, fault.route);
    await expect(page.getByRole('alert')).toBeVisible({ timeout: panelTimeout(fault) });
    const panel = await expectPanel(page, fault.title, ...fault.detail);

    await feed.restore(fault.file);
    if (fault.timeoutMs) {
      // The fault is gone: back to the app's own timeout, so nothing else can time out under load.
      await page.evaluate(() => delete (window as unknown as { __FINEWS_FETCH_TIMEOUT_MS?: number }).__FINEWS_FETCH_TIMEOUT_MS);
    }
    await panel.getByRole('button', { name: '重试' }).click();
    await fault.recovered(page);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}

test('a later river page fails: the first page stays, an inline error with retry, retry loads it', async ({ page, feed }) => {
  // Which file is the river's second page, and what is on either side of the break, from the feed itself.
  const first = await feedFile(page.request, 'feed.json');
  const secondFile = first.next_url ?? '';
  expect(secondFile).toMatch(/^feed-\d+\.json$/);
  const second = await feedFile(page.request, secondFile);
  const lastOfFirst = first.items.at(-1)?.title ?? '';
  const firstOfSecond = second.items[0]?.title ?? '';
  const detail = `${secondFile}: the server answered 500`;

  await feed.break(secondFile, status(500));
  await page.goto(root());
  await showsRiver(page);
  const panel = page.getByRole('alert');
  await scrollUntilVisible(page, panel);
  await expectPanel(page, '下一页加载失败', detail);
  // The next page is fetched a few rows ahead of the reader: the message is where its rows would be.
  await page.keyboard.press('End');
  await expect(panel).toBeInViewport();
  await expect(page.getByRole('link', { name: lastOfFirst })).toBeVisible();
  await expect(page.getByText(`共 ${first._finews.total} 条`)).toBeVisible();
  await expect(page.getByRole('link', { name: firstOfSecond })).toHaveCount(0);

  // Elsewhere and back: the first page is still there, and the next still fails the same way.
  await visitElsewhereAndBack(page, '/');
  await showsRiver(page);
  await scrollUntilVisible(page, panel);
  await expectPanel(page, '下一页加载失败', detail);

  await feed.restore(secondFile);
  await panel.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('link', { name: firstOfSecond })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('link', { name: lastOfFirst })).toBeVisible();
});

test("a later page of a source's list fails: the error shows where the reader is, retry fills the rows", async ({ page, feed }) => {
  // No source in the sample has two pages (feed.json holds up to 2×10−1 posts), so serve 东财滚动新闻's
  // 15 posts in pages of 5, laid out by the feed contract's own pageLayout, with the oldest page broken.
  const dir = 'c/emnews';
  const all = await feedFile(page.request, `${dir}/feed.json`);
  expect(all.items).toHaveLength(all._finews.total ?? -1);
  const size = 5;
  const layout = pageLayout(all.items.length, size);
  const pageJson = (n: number): FeedPage => {
    const [start, end] = layout.range(n);
    return {
      ...all,
      items: all.items.slice(start, end),
      next_url: n > 1 ? layout.file(n - 1) : undefined,
      _finews: { page: n, page_size: size, ...(n === layout.pages ? { pages: layout.pages, total: all.items.length } : {}) },
    };
  };
  const oldest = layout.file(1);
  let broken = true;
  for (let n = 1; n <= layout.pages; n++) {
    await feed.break(`${dir}/${layout.file(n)}`, (route) => (n === 1 && broken ? status(500)(route) : route.fulfill({ json: pageJson(n) })));
  }
  const lastPost = all.items.at(-1)?.title ?? '';

  await page.goto(at(root(), '/c/emnews'));
  await expect(page.getByText(`emnews · 共 ${all.items.length} 篇`)).toBeVisible();
  const panel = page.getByRole('alert');
  await scrollUntilVisible(page, panel);
  await expectPanel(page, '列表加载失败', `${dir}/${oldest}: the server answered 500`);
  // Where the reader has scrolled to (the end of the list), not far above at the list's top.
  await page.keyboard.press('End');
  await expect(panel).toBeInViewport();
  await expect(page.getByRole('link', { name: lastPost })).toHaveCount(0);

  broken = false;
  await panel.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('link', { name: lastPost })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a missing article file shows the not-found page, with a link home', async ({ page, feed }) => {
  const file = `items/${ARTICLE_ID}.json`;
  await feed.break(file, status(404));
  await page.goto(root());
  await page.getByRole('link', { name: NEWEST }).click();
  await expect(page).toHaveURL(at(root(), ARTICLE));
  await expect(h1(page)).toHaveText('找不到这个页面');
  await expect(page).toHaveTitle('页面不存在');
  await expect(page.getByRole('alert')).toHaveCount(0);

  await visitElsewhereAndBack(page, ARTICLE);
  await expect(h1(page)).toHaveText('找不到这个页面');
  // Loaded directly, too: the page's HTML is there (200), its item file is not.
  const response = await page.goto(at(root(), ARTICLE));
  expect(response?.status()).toBe(200);
  await expect(h1(page)).toHaveText('找不到这个页面');
  await page.getByRole('link', { name: '返回首页' }).click();
  await showsRiver(page);
});

test('a source that does not exist shows the not-found page, loaded or navigated to', async ({ page, feed }) => {
  // The static host answers 404 for a page it does not have (its 404.html starts the app).
  feed.allowFailedLoad(/\/c\/no-such-source$/);
  const response = await page.goto(at(root(), '/c/no-such-source'));
  expect(response?.status()).toBe(404);
  await expect(h1(page)).toHaveText('找不到这个页面');
  await mainNav(page).getByRole('link', { name: '首页' }).click();
  await showsRiver(page);
  // In-app navigation to the original site's URL of a source that is not in categories.json.
  await page.evaluate(() => {
    window.history.pushState(null, '', '/category/no-such-source.html');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(h1(page)).toHaveText('找不到这个页面');
  await expect(page).toHaveTitle('页面不存在');
  await page.getByRole('link', { name: '返回首页' }).click();
  await showsRiver(page);
});

test('offline: the article that could not load says so; back online, retry loads it', async ({ page, context, feed }) => {
  feed.allowFailedLoad(/\/feed\/items\/[^/]+\.json$/); // prefetches on hover fail too
  feed.allowFailedLoad(/\/favicon\.svg$/);
  // Open one article first, so the article route's code is loaded: what fails offline is the data.
  await page.goto(at(root(), ARTICLE));
  await expect(h1(page)).toHaveText(NEWEST);
  await mainNav(page).getByRole('link', { name: '首页' }).click();
  await showsRiver(page);

  await context.setOffline(true);
  await page.getByRole('link', { name: SECOND.title }).click();
  const detail = `items/${SECOND.id}.json: the network request failed (offline)`;
  await expectPanel(page, '网络连接失败', detail);
  // What was loaded before still works offline.
  await mainNav(page).getByRole('link', { name: '首页' }).click();
  await showsRiver(page);
  await page.goBack();
  const panel = await expectPanel(page, '网络连接失败', detail);

  await context.setOffline(false);
  await panel.getByRole('button', { name: '重试' }).click();
  await expect(h1(page)).toHaveText(SECOND.title);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test("offline before a page's code has loaded: says which file; back online, retry reloads it", async ({ page, context, feed }) => {
  feed.allowFailedLoad(/\/assets\/[\w-]+\.js$/); // the article route's code, and the sanitizer's (prefetch on hover)
  feed.allowFailedLoad(/\/feed\/items\/[^/]+\.json$/);
  feed.allowFailedLoad(/\/favicon\.svg$/);
  await page.goto(root());
  await showsRiver(page);
  await context.setOffline(true);
  await page.getByRole('link', { name: NEWEST }).click();
  await expect(page).toHaveURL(at(root(), ARTICLE));
  const panel = await expectPanel(page, '页面加载失败', /没能下载这个页面的程序文件 \/assets\/article-[\w-]+\.js/, '网络断开');
  // Retrying while still offline keeps the reader on this page (a reload would show the browser's error page).
  await panel.getByRole('button', { name: '重试' }).click();
  await expectPanel(page, '页面加载失败', '现在仍然离线');
  await expect(page).toHaveURL(at(root(), ARTICLE));
  await mainNav(page).getByRole('link', { name: '首页' }).click();
  await showsRiver(page);
  await page.goBack();
  await expectPanel(page, '页面加载失败', /\/assets\/article-[\w-]+\.js/);

  await context.setOffline(false);
  await panel.getByRole('button', { name: '重试' }).click();
  await expect(h1(page)).toHaveText(NEWEST);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('an article whose data passes the schema but breaks rendering: the error boundary, retry fetches it again', async ({ page, feed, consoleLog }) => {
  // React and React Router each log the error they caught.
  consoleLog.allow(/^RangeError: Invalid time value\b/);
  consoleLog.allow(/^React Router caught the following error during render RangeError: Invalid time value\b/);
  // An impossible hour still matches the schema's RFC 3339 pattern; formatting it throws.
  const file = `items/${ARTICLE_ID}.json`;
  await feed.break(
    file,
    edited((json) => {
      json.date_published = '2022-05-31T25:10:05+08:00';
    }),
  );
  await page.goto(at(root(), ARTICLE));
  await expectPanel(page, '页面出错了', '这个页面在显示时出错（RangeError: Invalid time value）');
  await visitElsewhereAndBack(page, ARTICLE);
  const panel = await expectPanel(page, '页面出错了', 'RangeError: Invalid time value');

  await feed.restore(file);
  await panel.getByRole('button', { name: '重试' }).click();
  await expect(h1(page)).toHaveText(NEWEST);
  await expect(page.locator('.article__meta')).toContainText('2022/5/31 20:10');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

// Dates come from site.json's offset table; Intl (which throws on a zone it does not know) is asked
// only outside it. With no table, every date needs Intl.
test('a time zone the browser does not know, and no offset table, breaks every list: the error boundary, the header still works', async ({ page, feed, consoleLog }) => {
  consoleLog.allow(/^RangeError: Invalid time zone specified: Mars\/Olympus\b/);
  consoleLog.allow(/^React Router caught the following error during render RangeError: Invalid time zone specified: Mars\/Olympus\b/);
  await feed.break(
    'site.json',
    edited((json) => {
      json.time_zone = 'Mars/Olympus';
      json.zone_offsets = { changes: [], until: 0 };
    }),
  );
  await page.goto(root());
  const detail = 'RangeError: Invalid time zone specified: Mars/Olympus';
  await expectPanel(page, '页面出错了', detail);
  // The header is outside the boundary: it still shows and navigates (to a page that fails the same way).
  await expect(page.getByRole('link', { name: '金融消息' }).first()).toBeVisible();
  await mainNav(page).getByRole('link', { name: '全部来源' }).click();
  await expect(page).toHaveURL(at(root(), '/categories'));
  const panel = await expectPanel(page, '页面出错了', detail);

  await feed.restore('site.json');
  await panel.getByRole('button', { name: '重试' }).click();
  await showsCategories(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await mainNav(page).getByRole('link', { name: '首页' }).click();
  await showsRiver(page);
});

test("the app's own code fails to load: the page's text stays, with a notice and a reload", async ({ page }) => {
  // A tab of its own: the app never says it is ready here, which the fixture's page.goto waits for.
  const tab = await page.context().newPage();
  const errors: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await tab.route(/\/assets\/vendor-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
  await tab.goto(at(root(), ARTICLE));
  const notice = tab.getByRole('alert');
  await expect(notice.getByRole('heading')).toHaveText('页面程序没有加载');
  await expect(notice).toContainText('下面是这个页面的文字版');
  // The prerendered article is still there to read.
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(NEWEST);
  expect(errors.some((e) => e.includes('could not start'))).toBe(true);
  await tab.unroute(/\/assets\/vendor-[\w-]+\.js$/);
  await notice.getByRole('button', { name: '重新加载' }).click();
  await expect(tab.locator('html[data-app="ready"]')).toBeAttached();
  await expect(tab.getByRole('alert')).toHaveCount(0);
  await tab.close();
});

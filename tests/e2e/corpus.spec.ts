/**
 * The real archive (../shared/corpus/finews) built into a site passes the reader's checks too:
 * the river, sources, a category under both URL forms, articles at their Jekyll permalinks, the
 * trailer lifted into attribution and in-app back-links, and not-found.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Categories, FeedPage, Item } from '../../src/feed/schema.ts';
import { at, documentIsMarked, expect, expectAccessible, markDocument, test } from './fixtures.ts';

const root = (): string => process.env.CORPUS_URL ?? '';
const feedFile = <T>(file: string): T => JSON.parse(readFileSync(resolve('.tmp/e2e/corpus/feed', file), 'utf8')) as T;

test.beforeEach(() => {
  test.skip(!process.env.CORPUS_URL, 'the real corpus (../shared/corpus/finews) is not beside this clone');
});

test('the river and the sources of the real archive', async ({ page, consoleLog }) => {
  void consoleLog;
  const first = feedFile<FeedPage>('feed.json').items[0];
  await page.goto(root());
  await expect(page.locator('.item-row__title').first()).toHaveText(first?.title ?? '');
  await expect(page.getByText(`共 ${feedFile<FeedPage>('feed.json')._finews.total} 条`)).toBeVisible();
  await page.goto(at(root(), '/categories'));
  await page.getByRole('searchbox').fill('dongfang');
  await expect(page.locator('.category-row__name')).toHaveText(['东方财富研究中心新闻']);
  await expectAccessible(page);
});

test('a real category under /c/<slug> and /category/<slug>.html', async ({ page, consoleLog }) => {
  void consoleLog;
  const emnews = feedFile<Categories>('categories.json').categories.find((c) => c.slug === 'emnews');
  expect(emnews?.count).toBeGreaterThan(100);
  for (const route of ['/c/emnews', '/category/emnews.html']) {
    const response = await page.goto(at(root(), route));
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: '东财滚动新闻' })).toBeVisible();
    await expect(page.getByText(`emnews · 共 ${emnews?.count} 篇`)).toBeVisible();
  }
  // A long list stays virtual: scrolling to the end renders the oldest post, never all rows at once.
  const pages = feedFile<FeedPage>('c/emnews/feed.json')._finews.pages;
  const oldest = feedFile<FeedPage>((pages ?? 1) > 1 ? 'c/emnews/feed-1.json' : 'c/emnews/feed.json').items.at(-1)?.title ?? '';
  const last = page.locator('.item-row__title').last();
  for (let i = 0; i < 60 && (await last.textContent()) !== oldest; i++) {
    await page.keyboard.press('End');
    await page.waitForTimeout(150);
  }
  await expect(last).toHaveText(oldest);
  expect(await page.locator('.item-row').count()).toBeLessThan(60);
  await expectAccessible(page);
});

test('real articles: permalink, lifted trailer, attribution and in-app back-links', async ({ page, consoleLog }) => {
  void consoleLog;
  const id = 'zhongguojijinbao_2022_05_29_NW202205292395438077';
  const item = feedFile<Item>(`items/${id}.json`);
  const response = await page.goto(at(root(), item._finews.path));
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(item.title);
  await expect(page.locator('.article__meta')).toContainText('2022/5/29 21:00');
  await expect(page.locator('.article__body')).not.toContainText('返回首页');
  await expect(page.locator('.article__body')).not.toContainText('文章来源');
  const aside = page.getByRole('complementary', { name: '来源' });
  await expect(aside.locator('.attribution__name')).toHaveText(item._finews.source.name);
  await expect(aside.getByRole('link', { name: /阅读原文/ })).toHaveAttribute('href', item.external_url ?? '');
  await expectAccessible(page);
  await markDocument(page);
  await aside.getByRole('link', { name: '返回中国基金报新闻' }).click();
  await expect(page).toHaveURL(at(root(), '/c/zhongguojijinbao'));
  expect(await documentIsMarked(page)).toBe(true);
});

test('an old relative back-link (../emnews/) and a zone-less date', async ({ page, consoleLog }) => {
  void consoleLog;
  const item = feedFile<Item>('items/emnews_2021_12_08_202112082206793370.json');
  expect(item._finews.backlinks.map((b) => b.href)).toEqual(['../emnews/', '../']);
  await page.goto(at(root(), item._finews.path));
  // Written 11:03:50 Beijing time without a zone; Jekyll showed 19:03:50.
  await expect(page.locator('.article__meta')).toContainText('2021/12/8 11:03');
  await markDocument(page);
  await page.getByRole('complementary', { name: '来源' }).getByRole('link', { name: '返回东财滚动新闻' }).click();
  await expect(page).toHaveURL(at(root(), '/c/emnews'));
  expect(await documentIsMarked(page)).toBe(true);
});

test('two versions of one post at one permalink are both reachable', async ({ page, consoleLog }) => {
  void consoleLog;
  const base = '/emnews/2021/12/08/202112082206928461';
  for (const route of [`${base}.html`, `${base}-2.html`]) {
    const response = await page.goto(at(root(), route));
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('茅台');
  }
});

test('not found on the real site', async ({ page, consoleLog }) => {
  consoleLog.allow(/404 \(Not Found\)/);
  const response = await page.goto(at(root(), '/emnews/2021/12/08/000.html'));
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/找不到/);
});

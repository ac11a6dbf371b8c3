/**
 * The first paint is the HTML's: each page's largest contentful paint is the prerendered text, the
 * app taking over later paints nothing larger, nothing moves, and the app's code is only requested
 * once that first paint is on screen.
 */
import { at, expect, siteUrl, test } from './fixtures.ts';

/** The top edge of every link in the page's articles, by address (fractions kept). */
const ROW_TOPS = `window.__rowTops = () => {
  const seen = {};
  return Object.fromEntries([...document.querySelectorAll('#main article a[href]')].map((a) => {
    const href = a.getAttribute('href');
    seen[href] = (seen[href] || 0) + 1;
    return [seen[href] > 1 ? href + ' (link ' + seen[href] + ')' : href, a.getBoundingClientRect().top];
  }));
};`;

const RECORD = `(() => {
  const log = (window.__paint = { lcp: [], shifts: 0, ready: null, rows: null });
  // Where the prerendered page put each article's link (the app has not started yet).
  document.addEventListener('DOMContentLoaded', () => { log.rows = window.__rowTops(); });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) log.lcp.push({ at: e.startTime, size: e.size, tag: e.element ? e.element.tagName : null });
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) log.shifts += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new MutationObserver(() => {
    if (log.ready === null && document.documentElement.dataset.app === 'ready') log.ready = performance.now();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app'] });
})();`;

interface PaintLog {
  lcp: { at: number; size: number; tag: string | null }[];
  shifts: number;
  ready: number | null;
  rows: Record<string, number> | null;
}

const ARTICLE = '/emnews/2022/05/28/202205272393451157.html';

test.describe('the first paint', () => {
  test.skip(({ browserName }) => browserName !== 'chromium', 'Chromium only');

  for (const [name, route] of [
    ['home', '/'],
    ['a source', '/c/emnews'],
    ['an article', ARTICLE],
  ] as const) {
    test(`${name}: the largest paint is the HTML's, and the app's code comes after it`, async ({ page, consoleLog }) => {
      void consoleLog;
      await page.addInitScript(ROW_TOPS);
      await page.addInitScript(RECORD);
      await page.goto(at(siteUrl('SAMPLE_URL'), route));
      // Let any paint the app caused be reported.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 300))));
      const log = (await page.evaluate('window.__paint')) as PaintLog;
      const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
      const scripts = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => /\.js(?:$|\?)/.test(e.name))
          .map((e) => ({ name: e.name.split('/').pop() ?? '', at: e.startTime })),
      );
      expect(log.ready, 'the app took over').not.toBeNull();
      expect(log.lcp.length, 'a largest-contentful-paint candidate').toBeGreaterThan(0);
      for (const candidate of log.lcp) {
        expect(candidate.at, `every candidate (${candidate.tag}, ${candidate.size}px²) is painted before the app takes over`).toBeLessThan(log.ready ?? 0);
      }
      expect(log.shifts, 'nothing moves when the app takes over').toBe(0);
      // Chromium reports no shift under 3 px; what a reader could still see is checked row by row:
      // each article the prerendered page showed is where the app shows it, to a fraction of a pixel.
      const after = (await page.evaluate('window.__rowTops()')) as Record<string, number>;
      const before = Object.entries(log.rows ?? {});
      expect(before.length, 'the prerendered page lists articles').toBeGreaterThan(0);
      for (const [href, top] of before) {
        expect(after[href], `${href} is still on the page`).toBeDefined();
        expect(Math.abs((after[href] ?? Number.NaN) - top), `${href} stays where it was (${top}px)`).toBeLessThan(0.05);
      }
      // The entry script comes with the HTML; everything it loads only after the first paint.
      const [entry, ...rest] = [...scripts].sort((a, b) => a.at - b.at);
      expect(entry?.name, 'the entry script').toMatch(/^index-/);
      expect(rest.length, 'the app is more than its entry').toBeGreaterThan(0);
      for (const s of rest) expect(s.at, `${s.name} is requested after the first contentful paint`).toBeGreaterThanOrEqual(fcp);
    });
  }
});

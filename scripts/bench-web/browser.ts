/**
 * The measurements made in Chromium through Playwright: the JavaScript each route loads, a long
 * category scrolled from top to bottom, and opening prefetched articles from the home page.
 */
import { chromium, type Browser, type Page, type Request } from '@playwright/test';
import { CHROME_FLAGS } from './lighthouse.ts';
import { gzipBytes, median, progress, sleep } from './util.ts';

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

export function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROME_FLAGS });
}

/** The app has taken over from the prerendered first paint (Layout sets it): the page is the app's. */
const APP_READY = 'html[data-app="ready"]';

const newPage = async (browser: Browser, viewport: { width: number; height: number }): Promise<Page> => {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
  return context.newPage();
};

// ---------------------------------------------------------------------------------------------------
// 3. JavaScript per route
// ---------------------------------------------------------------------------------------------------

export interface ScriptLoad {
  path: string;
  raw: number;
  gzip: number;
}

export interface LayoutShift {
  value: number;
  at: number;
  sources: string[];
}

export interface LcpCandidate {
  at: number;
  size: number;
  element: string;
}

/** Lighthouse's mobile screen (a Moto G Power), so that layout shifts land as in its runs. */
const LIGHTHOUSE_MOBILE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

/** Records layout shifts (not after input) with the elements that moved, for explaining CLS. */
const RECORD_SHIFTS = `(() => {
  window.__benchShifts = [];
  function describe(node) {
    if (!node || node.nodeType !== 1) return node ? node.nodeName : '?';
    var cls = typeof node.className === 'string' && node.className ? '.' + node.className.trim().split(/\\s+/).join('.') : '';
    return node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + cls;
  }
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) {
      if (e.hadRecentInput) return;
      window.__benchShifts.push({ value: e.value, at: e.startTime, sources: (e.sources || []).map(function (s) {
        return describe(s.node) + ' ' + Math.round(s.previousRect.y) + '→' + Math.round(s.currentRect.y) + ' (h ' + Math.round(s.previousRect.height) + '→' + Math.round(s.currentRect.height) + ')';
      }) });
    });
  }).observe({ type: 'layout-shift', buffered: true });
  window.__benchLcp = [];
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) {
      var text = e.element && e.element.textContent ? e.element.textContent.trim().slice(0, 24) : '';
      window.__benchLcp.push({ at: e.startTime, size: e.size, element: describe(e.element) + (text ? ' "' + text + '"' : '') });
    });
  }).observe({ type: 'largest-contentful-paint', buffered: true });
})();`;

/**
 * The scripts a route requests from a cold cache until the network is quiet: each body as the
 * browser runs it (decoded, whatever the encoding on the wire), gzipped at level 9. Also the layout
 * shifts and the largest-contentful-paint candidates on the way, on Lighthouse's mobile screen.
 */
export async function routeScripts(browser: Browser, url: string, ready: string): Promise<{ scripts: ScriptLoad[]; shifts: LayoutShift[]; lcp: LcpCandidate[] }> {
  const context = await browser.newContext({ ...LIGHTHOUSE_MOBILE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
  await context.addInitScript(RECORD_SHIFTS);
  const page = await context.newPage();
  const bodies: Promise<ScriptLoad | null>[] = [];
  page.on('response', (response) => {
    const req = response.request();
    const type = req.resourceType();
    const isJs = type === 'script' || /javascript|ecmascript/.test(response.headers()['content-type'] ?? '') || /\.m?js(\?|$)/.test(new URL(req.url()).pathname);
    if (!isJs) return;
    bodies.push(
      response.body().then(
        (body) => ({ path: new URL(req.url()).pathname, raw: body.length, gzip: gzipBytes(body) }),
        () => null,
      ),
    );
  });
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector(ready, { timeout: 15_000 });
    // The selector matches the prerendered page too: the route's scripts are all requested by the app.
    await page.waitForSelector(APP_READY, { state: 'attached', timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    await sleep(300);
    const loads = (await Promise.all(bodies)).filter((x): x is ScriptLoad => x !== null);
    const seen = new Set<string>();
    const scripts = loads.filter((l) => (seen.has(l.path) ? false : (seen.add(l.path), true)));
    const shifts = (await page.evaluate('window.__benchShifts || []')) as LayoutShift[];
    const lcp = (await page.evaluate('window.__benchLcp || []')) as LcpCandidate[];
    return { scripts, shifts, lcp };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// 4. A category of 50,000 posts, scrolled top to bottom
// ---------------------------------------------------------------------------------------------------

export interface ScrollResult {
  steps: number;
  /** Smallest and largest step. */
  stepPx: [number, number];
  rowHeight: number;
  maxItemRows: number;
  maxRows: number;
  maxNodes: number;
  reachedBottom: boolean;
  scrollHeight: number;
  visibleRange: [number, number];
  pagesTotal: number;
  pagesPassed: number;
  filesFetched: number;
  fetchedNeverInView: string[];
  maxAhead: number;
  duplicates: number;
  stepMsMedian: number;
  stepMsP95: number;
  skeletonSamples: number;
  seconds: number;
}

interface Sample {
  itemRows: number;
  rows: number;
  nodes: number;
  first: number;
  last: number;
  y: number;
  bottom: boolean;
  skeleton: boolean;
  ms: number;
  height: number;
}

/**
 * Open `url` on a phone and scroll it to the bottom in steps of a little less than one list page
 * (so every page passes through the viewport once), waiting two frames after each, and sample the
 * rows in the DOM and the visible list indices. `pages` maps list indices to page files (in order).
 */
export async function scrollCategory(browser: Browser, url: string, pages: { file: string; start: number; count: number }[], dirPath: string, options: { maxSeconds: number }): Promise<ScrollResult> {
  const t0 = performance.now();
  const page = await newPage(browser, PHONE);
  let step = 0;
  const fetched: { file: string; step: number }[] = [];
  const onRequest = (req: Request): void => {
    const p = new URL(req.url()).pathname;
    if (p.startsWith(dirPath)) fetched.push({ file: decodeURIComponent(p.slice(dirPath.length)), step });
  };
  page.on('request', onRequest);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('.item-row', { timeout: 20_000 });
    await page.waitForSelector(APP_READY, { state: 'attached', timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    const rowHeight = await page.evaluate(() => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-index]')];
      const hs = rows.map((r) => r.getBoundingClientRect().height).filter((h) => h > 0);
      return hs.length ? hs.reduce((a, b) => a + b, 0) / hs.length : 112;
    });
    const pageSize = pages[1]?.count ?? pages[0]?.count ?? 50;
    // A little less than one list page, so every page passes through the viewport; longer when the
    // machine is too slow to reach the bottom within maxSeconds that way.
    const minStepPx = Math.max(PHONE.height, Math.floor(pageSize * rowHeight * 0.9));
    let stepPx = minStepPx;
    let maxStepPx = minStepPx;
    const sampleFn = async (dy: number): Promise<Sample> =>
      page.evaluate(async (by: number) => {
        const start = performance.now();
        if (by) window.scrollBy(0, by);
        await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
        const ms = performance.now() - start;
        const vh = window.innerHeight;
        let first = -1;
        let last = -1;
        let skeleton = false;
        for (const row of document.querySelectorAll<HTMLElement>('[data-index]')) {
          const rect = row.getBoundingClientRect();
          if (rect.bottom <= 0 || rect.top >= vh) continue;
          const i = Number(row.dataset.index);
          if (first < 0 || i < first) first = i;
          if (i > last) last = i;
          if (!row.querySelector('.item-row')) skeleton = true;
        }
        const el = document.documentElement;
        return {
          itemRows: document.querySelectorAll('.item-row').length,
          rows: document.querySelectorAll('[data-index]').length,
          nodes: document.getElementsByTagName('*').length,
          first,
          last,
          y: window.scrollY,
          height: el.scrollHeight,
          bottom: window.scrollY + vh >= el.scrollHeight - 2,
          skeleton,
          ms,
        };
      }, dy);
    const samples: Sample[] = [await sampleFn(0)];
    const loopStart = performance.now();
    let bottomCount = 0;
    while (bottomCount < 2) {
      const spent = (performance.now() - loopStart) / 1000;
      if (spent > options.maxSeconds * 1.5) break;
      const prev = samples[samples.length - 1] as Sample;
      if (step >= 10) {
        const stepsLeft = Math.max(1, (options.maxSeconds - spent) / (spent / step));
        stepPx = Math.max(minStepPx, Math.ceil((prev.height - prev.y - PHONE.height) / stepsLeft));
        maxStepPx = Math.max(maxStepPx, stepPx);
      }
      step++;
      const s = await sampleFn(stepPx);
      samples.push(s);
      bottomCount = s.bottom ? bottomCount + 1 : 0;
      if (step % 200 === 0) progress(`  step ${step}: y ${Math.round(s.y).toLocaleString('en-US')} of ${s.height.toLocaleString('en-US')} px, rows ${s.first}–${s.last} in view, ${s.itemRows} .item-row in the DOM`);
    }
    // Let the last fetches start and settle.
    await page.waitForLoadState('networkidle');
    await sleep(300);

    const pageOf = (index: number): number => {
      let lo = 0;
      let hi = pages.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((pages[mid] as { start: number }).start <= index) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const ordinal = new Map(pages.map((p, i) => [p.file, i]));
    const passed = new Set<number>();
    const maxVisiblePageAt: number[] = [];
    let maxSoFar = -1;
    samples.forEach((s, i) => {
      if (s.first >= 0) for (let p = pageOf(s.first); p <= pageOf(s.last); p++) passed.add(p);
      if (s.last >= 0) maxSoFar = Math.max(maxSoFar, pageOf(s.last));
      maxVisiblePageAt[i] = maxSoFar;
    });
    const files = new Map<string, number>();
    let maxAhead = 0;
    for (const f of fetched) {
      files.set(f.file, (files.get(f.file) ?? 0) + 1);
      const ord = ordinal.get(f.file);
      if (ord === undefined) continue;
      const visible = maxVisiblePageAt[Math.min(f.step, samples.length - 1)] ?? 0;
      maxAhead = Math.max(maxAhead, ord - visible);
    }
    const neverInView = [...files.keys()].filter((f) => {
      const ord = ordinal.get(f);
      return ord !== undefined && !passed.has(ord);
    });
    const stepMs = samples.slice(1).map((s) => s.ms).sort((a, b) => a - b);
    const last = samples[samples.length - 1] as Sample;
    return {
      steps: step,
      stepPx: [minStepPx, maxStepPx],
      rowHeight,
      maxItemRows: Math.max(...samples.map((s) => s.itemRows)),
      maxRows: Math.max(...samples.map((s) => s.rows)),
      maxNodes: Math.max(...samples.map((s) => s.nodes)),
      reachedBottom: bottomCount >= 2,
      scrollHeight: last.height,
      visibleRange: [last.first, last.last],
      pagesTotal: pages.length,
      pagesPassed: passed.size,
      filesFetched: files.size,
      fetchedNeverInView: neverInView,
      maxAhead,
      duplicates: [...files.values()].reduce((a, n) => a + (n - 1), 0),
      stepMsMedian: median(stepMs),
      stepMsP95: stepMs[Math.min(stepMs.length - 1, Math.floor(stepMs.length * 0.95))] ?? Number.NaN,
      skeletonSamples: samples.filter((s) => s.skeleton).length,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    page.off('request', onRequest);
    await page.context().close();
  }
}

// ---------------------------------------------------------------------------------------------------
// 5. Opening a prefetched article from the home page
// ---------------------------------------------------------------------------------------------------

export interface OpenResult {
  times: number[];
  titles: string[];
  /** Hovers that fetched no article file, and why that may be. */
  notPrefetched: string[];
  failures: string[];
}

declare global {
  interface Window {
    __benchOpen?: { t0: number | null; t1: number | null };
  }
}

/**
 * Armed before each click: a capture-phase click listener notes performance.now(), then a
 * MutationObserver notes when an h1 holds the expected title.
 */
const ARM_CLICK_TIMER = `function (expected) {
  var state = { t0: null, t1: null };
  window.__benchOpen = state;
  function found() {
    var hs = document.querySelectorAll('h1');
    for (var i = 0; i < hs.length; i++) if ((hs[i].textContent || '').trim() === expected) return true;
    return false;
  }
  window.addEventListener('click', function () {
    state.t0 = performance.now();
    var observer = new MutationObserver(function () {
      if (state.t1 === null && found()) {
        state.t1 = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  }, { capture: true, once: true });
}`;

/**
 * On the home page (desktop, where hover means intent): hover item i's link until its article file
 * has been fetched, then click it and time, in the page, from the click (a capture-phase listener)
 * to the article's h1 holding the item's title (a MutationObserver); back, next item.
 */
export async function openArticles(browser: Browser, homeUrl: string, count: number, idForPath: Map<string, string>): Promise<OpenResult> {
  const page = await newPage(browser, DESKTOP);
  const result: OpenResult = { times: [], titles: [], notPrefetched: [], failures: [] };
  const itemFiles = new Map<string, number>();
  page.on('request', (req) => {
    const p = new URL(req.url()).pathname;
    if (p.includes('/feed/items/')) itemFiles.set(p, (itemFiles.get(p) ?? 0) + 1);
  });
  try {
    await page.goto(homeUrl, { waitUntil: 'load' });
    await page.waitForSelector('.item-row a', { timeout: 15_000 });
    await page.waitForSelector(APP_READY, { state: 'attached', timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    for (let i = 0; i < count; i++) {
      const row = page.locator(`[data-index="${i}"] .item-row a`).first();
      for (let tries = 0; (await row.count()) === 0 && tries < 40; tries++) {
        await page.mouse.wheel(0, 300);
        await sleep(50);
      }
      if ((await row.count()) === 0) {
        result.failures.push(`item ${i}: not in the list`);
        continue;
      }
      const title = ((await row.textContent()) ?? '').trim();
      await row.scrollIntoViewIfNeeded();
      // Hover from outside the link, so that the pointer enters it.
      await page.mouse.move(2, 2);
      const prefetched = page.waitForResponse((r) => new URL(r.url()).pathname.includes('/feed/items/'), { timeout: 5_000 }).then(
        async (r) => (await r.finished(), true),
        () => false,
      );
      await row.hover();
      if (!(await prefetched)) {
        const href = (await row.getAttribute('href')) ?? '';
        const id = idForPath.get(decodeURIComponent(href));
        const earlier = id === undefined ? undefined : [...itemFiles.keys()].some((p) => p.endsWith(`/items/${id}.json`));
        result.notPrefetched.push(`item ${i} ${href}: ${earlier === undefined ? 'its id is unknown' : earlier ? 'its file had been fetched earlier (the pointer had passed over it: prefetched already)' : 'its file was never fetched'}`);
      }
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
      // As a string: tsx would wrap named functions in a helper the page does not have.
      await page.evaluate(`(${ARM_CLICK_TIMER})(${JSON.stringify(title)})`);
      await row.click();
      try {
        await page.waitForFunction(() => window.__benchOpen?.t1 != null, undefined, { timeout: 10_000, polling: 'raf' });
      } catch {
        result.failures.push(`item ${i} (${title}): its h1 did not appear within 10 s of the click`);
        await page.goto(homeUrl, { waitUntil: 'load' });
        await page.waitForSelector('.item-row a', { timeout: 15_000 });
        continue;
      }
      const t = await page.evaluate(() => (window.__benchOpen?.t1 ?? 0) - (window.__benchOpen?.t0 ?? 0));
      result.times.push(t);
      result.titles.push(title);
      await page.goBack({ waitUntil: 'load' });
      await page.waitForSelector('.item-row a', { timeout: 15_000 });
    }
    return result;
  } finally {
    await page.context().close();
  }
}

import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export interface ConsoleLog {
  errors: string[];
  /** Allow messages matching these (e.g. the 404 of a page that is meant to be missing). */
  allow: (pattern: RegExp) => void;
}

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/**
 * Each test fails if the page logged a console error or threw, unless the test allowed it. Nothing
 * leaves the machine: images on other hosts get a 1×1 PNG, any other outside request is aborted.
 */
export const test = base.extend<{ consoleLog: ConsoleLog; hermetic: void; page: Page }>({
  // Pages open with a prerendered first paint; tests act once the app has taken over from it.
  page: async ({ page }, use) => {
    const goto = page.goto.bind(page);
    const reload = page.reload.bind(page);
    const ready = () => page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      await ready();
      return response;
    };
    page.reload = async (options) => {
      const response = await reload(options);
      await ready();
      return response;
    };
    await use(page);
  },
  hermetic: [
    async ({ context }, use) => {
      await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) =>
        route.request().resourceType() === 'image' ? route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }) : route.abort('blockedbyclient'),
      );
      await use();
    },
    { auto: true },
  ],
  consoleLog: async ({ page }, use) => {
    const errors: string[] = [];
    const allowed: RegExp[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    await use({ errors, allow: (pattern) => allowed.push(pattern) });
    expect(errors.filter((e) => !allowed.some((p) => p.test(e))), 'console errors').toEqual([]);
  },
});

export { expect };

export function siteUrl(name: 'SAMPLE_URL' | 'SUBPATH_URL' | 'CORPUS_URL'): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set: the global setup did not build that site`);
  return url;
}

/** An absolute URL for `route` on the site whose root is `root` (`/javascript:x` is a path here, not a scheme). */
export const at = (root: string, route: string): string => new URL(`./${route.replace(/^\//, '')}`, root).href;

/** Fail on serious or critical accessibility violations (axe-core). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, 'serious or critical axe violations').toEqual([]);
}

/** Mark the current document, to tell later whether a navigation reloaded the page. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __finewsMark?: boolean }).__finewsMark = true;
  });
}
export async function documentIsMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __finewsMark?: boolean }).__finewsMark === true);
}

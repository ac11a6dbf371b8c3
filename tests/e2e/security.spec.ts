/**
 * The defences around the sanitizer, in Chromium: every built page carries the Content-Security-Policy
 * (scripts only from the site, no plugins, no <base>, Trusted Types required); the browser enforces
 * it (HTML sinks refuse strings, injected scripts do not run); and titles, summaries, tags and source
 * names are text wherever they are shown, never HTML.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TEXT_PROBE } from '../support/xss-archive.ts';
import { at, expect, siteUrl, test } from './fixtures.ts';

const sample = (): string => siteUrl('SAMPLE_URL');
function xssSite(): string {
  const url = process.env.XSS_URL;
  if (!url) throw new Error('XSS_URL is not set: the global setup did not build the XSS site');
  return url;
}
/** Where the global setup built the sample (see global-setup.ts). */
const SAMPLE_DIR = resolve('.tmp/e2e/sample');
const ARTICLE = '/emnews/2022/05/28/202205272393451157.html';

const decode = (text: string): string =>
  text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (_m, dec: string, hex: string, name: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()] ?? '',
  );

/**
 * The policy of a built page: its CSP meta tags' content, and whether the first one comes before
 * every script, stylesheet and preload and everything in the page that comes from posts (title,
 * description, Open Graph tags, the prerendered text in #root): a meta policy governs only what follows it.
 */
function cspOf(html: string): { policies: string[]; beforeContent: boolean } {
  const tags = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)];
  const first = tags[0]?.index ?? -1;
  const content = [/<title>/i, /<meta name="description"/i, /<meta property="og:/i, /<div id="root">/i, /<script/i, /<link/i, /<style/i]
    .map((re) => html.search(re))
    .filter((i) => i >= 0);
  const headEnd = html.search(/<\/head>/i);
  return { policies: tags.map((m) => decode(m[1] ?? '')), beforeContent: first >= 0 && first < headEnd && content.every((i) => first < i) };
}

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

function expectStrictPolicy(policy: string, where: string): void {
  const d = directives(policy);
  expect(d.get('script-src'), `${where}: script-src`).toEqual(["'self'"]);
  expect(d.get('object-src'), `${where}: object-src`).toEqual(["'none'"]);
  expect(d.get('base-uri'), `${where}: base-uri`).toEqual(["'none'"]);
  expect(d.get('require-trusted-types-for'), `${where}: require-trusted-types-for`).toEqual(["'script'"]);
  expect(d.get('default-src'), `${where}: default-src`).toEqual(["'self'"]);
  // Only the sanitizer's policy and DOMPurify's own, each created once.
  expect(d.get('trusted-types'), `${where}: trusted-types`).toEqual(['finews', 'dompurify']);
  expect(d.has('script-src-elem') || d.has('script-src-attr'), `${where}: no script-src-elem/-attr to loosen script-src`).toBe(false);
  expect(policy, `${where}: no unsafe-eval, no wasm, no wildcard scripts`).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic/);
}

test.describe('the Content-Security-Policy of the built pages', () => {
  test.skip(({ browserName }) => browserName !== 'chromium', 'Chromium only');

  test('home, sources, a source, its legacy page, an article and the 404 page carry it', async ({ request }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'no browser involved: once is enough');
    const pages: [string, string, number][] = [
      ['home', '/', 200],
      ['all sources', '/categories', 200],
      ['a source', '/c/emnews', 200],
      ['a legacy source page', '/category/emnews.html', 200],
      ['an article', ARTICLE, 200],
      ['the 404 page', '/404.html', 200],
      ['a missing page', '/no/such/page.html', 404],
    ];
    for (const [name, route, status] of pages) {
      const response = await request.get(at(sample(), route));
      expect(response.status(), `${name}: status`).toBe(status);
      const csp = cspOf(await response.text());
      expect(csp.policies, `${name}: one CSP meta tag`).toHaveLength(1);
      expect(csp.beforeContent, `${name}: the CSP meta tag is in the head, before the page's title, description and text`).toBe(true);
      expectStrictPolicy(csp.policies[0] ?? '', name);
    }
  });

  test('every HTML file the build wrote carries the same policy', async ({ consoleLog }, testInfo) => {
    void consoleLog;
    test.skip(testInfo.project.name !== 'desktop', 'no browser involved: once is enough');
    expect(existsSync(SAMPLE_DIR), `${SAMPLE_DIR} (built by the global setup)`).toBe(true);
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.html?$/i.test(name)) files.push(path);
      }
    };
    walk(SAMPLE_DIR);
    expect(files.length).toBeGreaterThan(40);
    const reference = cspOf(readFileSync(join(SAMPLE_DIR, 'index.html'), 'utf8')).policies[0] ?? '';
    expectStrictPolicy(reference, 'index.html');
    const wrong = files.filter((file) => {
      const csp = cspOf(readFileSync(file, 'utf8'));
      return csp.policies.length !== 1 || csp.policies[0] !== reference || !csp.beforeContent;
    });
    expect(wrong).toEqual([]);
  });

  test('the page is under it: the meta tag is the one in force', async ({ page, consoleLog }) => {
    void consoleLog;
    await page.goto(at(sample(), ARTICLE));
    await expect(page.locator('#article-title')).toBeVisible();
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expectStrictPolicy(policy ?? '', 'the article in the browser');
  });
});

test.describe('Trusted Types and the policy, enforced by the browser', () => {
  test.skip(({ browserName }) => browserName !== 'chromium', 'Chromium only');

  test('document.body.innerHTML = "<b>x</b>" throws a TypeError', async ({ page, consoleLog }) => {
    consoleLog.allow(/^CSP violation: require-trusted-types-for|TrustedHTML/);
    await page.goto(at(sample(), ARTICLE));
    await expect(page.locator('#article-title')).toBeVisible();
    const outcome = await page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>x</b>';
        return 'assigned';
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    });
    expect(outcome).toMatch(/^TypeError: .*TrustedHTML/);
    await expect(page.locator('#article-title')).toBeVisible();
  });

  test('every HTML and script sink refuses a string, and no policy can be added', async ({ page, consoleLog }) => {
    consoleLog.allow(/^CSP violation|TrustedHTML|TrustedScript|TrustedTypePolicy|Content Security Policy|Refused to/);
    await page.goto(at(sample(), ARTICLE));
    await expect(page.locator('#article-title')).toBeVisible();
    const outcomes = await page.evaluate(() => {
      const tt = (window as unknown as { trustedTypes: { createPolicy: (name: string, rules: object) => unknown } }).trustedTypes;
      const attempt = (f: () => unknown): string => {
        try {
          f();
          return 'allowed';
        } catch (error) {
          return (error as Error).name;
        }
      };
      const div = document.createElement('div');
      return {
        'Element.innerHTML': attempt(() => (div.innerHTML = '<b>x</b>')),
        'Element.outerHTML': attempt(() => (document.createElement('p').appendChild(div).outerHTML = '<b>x</b>')),
        'Element.insertAdjacentHTML': attempt(() => div.insertAdjacentHTML('beforeend', '<b>x</b>')),
        'Range.createContextualFragment': attempt(() => document.createRange().createContextualFragment('<b>x</b>')),
        'DOMParser.parseFromString': attempt(() => new DOMParser().parseFromString('<b>x</b>', 'text/html')),
        'document.write': attempt(() => document.write('<b>x</b>')),
        'iframe.srcdoc': attempt(() => (document.createElement('iframe').srcdoc = '<b>x</b>')),
        'script.text': attempt(() => (document.createElement('script').text = 'window.__ran = 1')),
        'script.src': attempt(() => (document.createElement('script').src = 'data:text/javascript,window.__ran=2')),
        'createPolicy("evil")': attempt(() => tt.createPolicy('evil', { createHTML: (s: string) => s })),
        'createPolicy("finews") again': attempt(() => tt.createPolicy('finews', { createHTML: (s: string) => s })),
        'createPolicy("dompurify") again': attempt(() => tt.createPolicy('dompurify', { createHTML: (s: string) => s })),
      };
    });
    expect(outcomes).toEqual({
      'Element.innerHTML': 'TypeError',
      'Element.outerHTML': 'TypeError',
      'Element.insertAdjacentHTML': 'TypeError',
      'Range.createContextualFragment': 'TypeError',
      'DOMParser.parseFromString': 'TypeError',
      'document.write': 'TypeError',
      'iframe.srcdoc': 'TypeError',
      'script.text': 'TypeError',
      'script.src': 'TypeError',
      'createPolicy("evil")': 'TypeError',
      'createPolicy("finews") again': 'TypeError',
      'createPolicy("dompurify") again': 'TypeError',
    });
  });

  test('script put into the page by other means does not run', async ({ page, consoleLog }) => {
    consoleLog.allow(/^CSP violation|TrustedHTML|TrustedScript|TrustedTypePolicy|Content Security Policy|Refused to/);
    await page.goto(at(sample(), ARTICLE));
    await expect(page.locator('#article-title')).toBeVisible();
    // The attempts run in a task of the page's own: code that page.evaluate runs directly may use
    // eval whatever the CSP says (DevTools' allowUnsafeEvalBlockedByCSP).
    const { ran, refused } = await page.evaluate(() => new Promise<{ ran: string[]; refused: string[] }>((settle) => setTimeout(async () => {
      const w = window as unknown as { __ran?: string[] };
      w.__ran = [];
      const refused: string[] = [];
      const attempt = (what: string, f: () => unknown): void => {
        try {
          f();
        } catch (error) {
          refused.push(`${what}: ${(error as Error).name}`);
        }
      };
      // An inline script whose code comes as a text node (no Trusted Types sink on the way).
      attempt('inline script', () => {
        const script = document.createElement('script');
        script.appendChild(document.createTextNode('window.__ran.push("inline script")'));
        document.head.append(script);
      });
      // A script from a data: URL, set as an attribute.
      attempt('data: script', () => {
        const script = document.createElement('script');
        script.setAttribute('src', 'data:text/javascript,window.__ran.push("data script")');
        document.head.append(script);
      });
      // An event handler attribute, then the event.
      attempt('inline handler', () => {
        const button = document.createElement('button');
        button.setAttribute('onclick', 'window.__ran.push("inline handler")');
        document.body.append(button);
        button.click();
        button.remove();
      });
      // A javascript: link, followed.
      attempt('javascript: URL', () => {
        const link = document.createElement('a');
        link.href = 'javascript:window.__ran.push("javascript: URL")';
        document.body.append(link);
        link.click();
        link.remove();
      });
      // Code from strings.
      attempt('eval', () => eval('window.__ran.push("eval")'));
      attempt('new Function', () => new Function('window.__ran.push("new Function")')());
      attempt('setTimeout(string)', () => (setTimeout as (code: string) => number)('window.__ran.push("setTimeout(string)")'));
      await new Promise((done) => setTimeout(done, 300));
      settle({ ran: w.__ran, refused });
    }, 0)));
    expect(ran, `ran (refused outright: ${refused.join(', ')})`).toEqual([]);
    await expect(page.locator('#article-title')).toBeVisible();
    // The browser refused or reported each attempt: as a thrown error or a reported violation.
    const violations = consoleLog.errors.filter((e) => e.startsWith('CSP violation')).length;
    expect(refused.length + violations).toBeGreaterThanOrEqual(7);
  });
});

test.describe('titles, summaries, tags and source names are text', () => {
  test.skip(({ browserName }) => browserName !== 'chromium', 'Chromium only');

  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { __xss?: () => void; __xssCalls?: number };
      w.__xssCalls = 0;
      w.__xss = () => void (w.__xssCalls = (w.__xssCalls ?? 0) + 1);
    });
    page.on('dialog', (dialog) => void dialog.dismiss());
  });
  test.afterEach(async ({ page }) => {
    expect(await page.evaluate(() => (window as unknown as { __xssCalls?: number }).__xssCalls ?? 0), '__xss() calls').toBe(0);
  });

  test('in the article: heading, tags, source, description and title', async ({ page, consoleLog }) => {
    void consoleLog;
    await page.goto(at(xssSite(), `/${TEXT_PROBE.category}/2022/12/31/xss-text-probe.html`));
    const heading = page.locator('#article-title');
    await expect(heading).toBeVisible();
    expect(await heading.evaluate((h) => h.textContent)).toBe(TEXT_PROBE.title);
    await expect(heading.locator('img')).toHaveCount(0);
    await expect(heading.locator('*')).toHaveCount(0);
    const tags = page.locator('.tags li');
    await expect(tags).toHaveCount(1);
    expect(await tags.first().evaluate((li) => li.textContent)).toBe(TEXT_PROBE.tag);
    await expect(tags.locator('*')).toHaveCount(0);
    const source = page.locator('.attribution__name');
    expect(await source.evaluate((el) => el.textContent)).toBe(TEXT_PROBE.source);
    await expect(source.locator('*')).toHaveCount(0);
    // The body was escaped text in the post: it stays text (one paragraph, no image, no script).
    const body = page.locator('.article__body');
    expect(await body.evaluate((el) => el.textContent)).toBe(TEXT_PROBE.summary);
    expect(await body.evaluate((el) => [...el.querySelectorAll('*')].map((e) => e.localName))).toEqual(['p']);
    await expect(page).toHaveTitle(`${TEXT_PROBE.title} · Finews`);
    await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', TEXT_PROBE.summary);
    await expect(page.locator('head img, head script:not([src])')).toHaveCount(0);
  });

  test('in the river: title, summary and source of the list row', async ({ page, consoleLog }) => {
    void consoleLog;
    await page.goto(xssSite());
    const row = page.locator('.item-row').first();
    await expect(row).toBeVisible();
    expect(await row.locator('.item-row__title a').evaluate((a) => a.textContent)).toBe(TEXT_PROBE.title);
    expect(await row.locator('.item-row__summary').evaluate((p) => p.textContent)).toBe(TEXT_PROBE.summary);
    expect(await row.locator('.item-row__source').evaluate((s) => s.textContent)).toBe(TEXT_PROBE.source);
    await expect(row.locator('img, script, b')).toHaveCount(0);
  });

  test('in the built page: the head holds them escaped', async ({ request }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'no browser involved: once is enough');
    const html = await (await request.get(at(xssSite(), `/${TEXT_PROBE.category}/2022/12/31/xss-text-probe.html`))).text();
    expect(html).toContain('<title>&lt;img src=x onerror=__xss()&gt; · Finews</title>');
    expect(html).toContain('<meta name="description" content="&lt;img src=x onerror=__xss()&gt; 摘要 &lt;script&gt;__xss()&lt;/script&gt;" />');
    expect(html).not.toMatch(/<img src=x|<script>__xss|<b onmouseover/);
  });
});

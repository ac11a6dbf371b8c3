/**
 * `build:site`: the feed, the app and one HTML file per route in one folder that any plain static
 * file server serves correctly with no rewrite rules. Each HTML file starts the app on its route and
 * carries that page's title, description, canonical link and Open Graph/Twitter tags.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { categoriesFile, categoriesRoute, categoryDir, categoryRoute, encodePath, feedPageFile, FIRST_PAGE, homeRoute, legacyCategoryRoute, siteFile } from '../feed/paths.ts';
import type { Categories, FeedPage, Item, Site } from '../feed/schema.ts';
import { zoneOf } from '../lib/format-time.ts';
import { escapeHtml, prerenderArticle, prerenderHeading, prerenderHome, prerenderList, type Chrome } from './prerender.ts';
import { buildFeed, type BuildResult } from './build.ts';
import { addCompressed } from './compress.ts';
import type { FeedArgs } from './cli.ts';
import { loadCategoryPages, loadSiteConfig, UsageError, type SiteConfig } from './site-config.ts';

export interface PageMeta {
  /** In-app route, e.g. `/c/emnews`. */
  route: string;
  title: string;
  description: string;
  type: 'website' | 'article';
  image?: string | undefined;
  publishedTime?: string | undefined;
  /** The first paint: markup for `#root` (see prerender.ts). */
  body?: string | undefined;
}

/**
 * The Content-Security-Policy every page carries (as a meta tag: static hosts may not set headers).
 * Scripts only from the site itself, no inline script, no plugins, no <base>; styles from the site
 * and the page's own <style> elements, each allowed by its hash; images from anywhere; HTML may only
 * be created by the sanitizer's Trusted Types policy (and DOMPurify's own, which it uses to parse).
 * `frame-ancestors` cannot be set by a meta tag: see the README for the header form.
 */
export const contentSecurityPolicy = (styleHashes: readonly string[] = []): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    ["style-src 'self'", ...styleHashes.map((hash) => `'${hash}'`)].join(' '),
    // Scraped bodies carry style="" attributes; the sanitizer drops them, but the browser applies this
    // policy when the sanitizer's inert parser first reads them. Style attributes cannot run script.
    "style-src-attr 'unsafe-inline'",
    'img-src * data: blob:',
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types finews dompurify',
  ].join('; ');

const STYLE_ELEMENT = /<style>([\s\S]*?)<\/style>/g;
const sha256 = (text: string): string => `sha256-${createHash('sha256').update(text).digest('base64')}`;
/** The policy of a page made from `template`: its <style> elements' hashes (the same for every page). */
const policyOf = memoizeLast((template: string) => contentSecurityPolicy([...template.matchAll(STYLE_ELEMENT)].map((m) => sha256(m[1] ?? ''))));

function memoizeLast<T>(compute: (key: string) => T): (key: string) => T {
  let last: { key: string; value: T } | null = null;
  return (key) => {
    if (last?.key !== key) last = { key, value: compute(key) };
    return last.value;
  };
}

/**
 * The app's stylesheets, put into the page as <style> elements: the first paint then needs nothing
 * but the HTML file, like a plain Jekyll page (each page carries ~2 kB more, compressed). A
 * stylesheet that could end its <style> element early stays a link.
 */
export function inlineStylesheets(template: string, app: ReadonlyMap<string, Buffer>, base: string): string {
  return template.replace(/<link rel="stylesheet"[^>]*? href="([^"]+)"[^>]*>/g, (link, href: string) => {
    const css = href.startsWith(base) ? app.get(href.slice(base.length))?.toString('utf8') : undefined;
    if (css === undefined || /<\/style/i.test(css)) return link;
    return `<style>${css}</style>`;
  });
}


export function normalizeBase(base: string | undefined): string {
  if (!base || base === '/') return '/';
  if (!/^\/?[A-Za-z0-9._~\-/]+$/.test(base) || base.split('/').includes('..')) throw new UsageError(`--base "${base}" must be a URL path like /news/`);
  return `/${base.replace(/^\/+|\/+$/g, '')}/`;
}

/** Longest file name (in UTF-8 bytes) that common file systems take. */
const MAX_NAME_BYTES = 255;

function toFile(decoded: string): string | null {
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '.' || s === '..' || s.includes('\0') || s.includes('\\'))) return null;
  if (segments.some((s) => Buffer.byteLength(s) > MAX_NAME_BYTES)) return null;
  const path = segments.join('/');
  return /\.html?$/.test(path) ? path : `${path}/index.html`;
}

/**
 * The files that serve `route` on a plain static server; none when no file can (a path segment
 * too long for a file name: such a page is served by 404.html, which starts the app all the same).
 * Servers differ in how they decode a request path before looking it up: most decode every escape
 * (`decodeURIComponent`), some leave the escapes of reserved characters (`%23` for `#`, `%3F` for
 * `?`, `decodeURI`). When the two differ, the page is written under both names.
 */
export function routeFiles(route: string): string[] {
  if (route === '/') return ['index.html'];
  const files = new Set<string>();
  for (const decode of [decodeURIComponent, decodeURI]) {
    try {
      const file = toFile(decode(route));
      if (file) files.add(file);
    } catch {
      // not a valid escape sequence: no file
    }
  }
  return [...files];
}

/** Put a page's head tags into the built index.html. */
export function renderPage(template: string, meta: PageMeta, site: SiteConfig, base: string): string {
  const canonical = site.siteUrl ? `${site.siteUrl}${base.replace(/\/$/, '')}${encodePath(meta.route)}` : null;
  // A CSP meta tag only governs what comes after it: it goes first, before Vite's scripts and styles.
  const policy = [
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policyOf(template))}" />`,
    `<meta name="referrer" content="strict-origin-when-cross-origin" />`,
  ].join('\n    ');
  const tags = [
    `<title>${escapeHtml(meta.title)}</title>`,
    `<meta name="description" content="${escapeHtml(meta.description)}" />`,
    canonical ? `<link rel="canonical" href="${escapeHtml(canonical)}" />` : '',
    `<meta property="og:site_name" content="${escapeHtml(site.title)}" />`,
    `<meta property="og:type" content="${meta.type}" />`,
    `<meta property="og:title" content="${escapeHtml(meta.title)}" />`,
    `<meta property="og:description" content="${escapeHtml(meta.description)}" />`,
    `<meta property="og:locale" content="zh_CN" />`,
    canonical ? `<meta property="og:url" content="${escapeHtml(canonical)}" />` : '',
    meta.image ? `<meta property="og:image" content="${escapeHtml(meta.image)}" />` : '',
    meta.publishedTime ? `<meta property="article:published_time" content="${escapeHtml(meta.publishedTime)}" />` : '',
    `<meta name="twitter:card" content="${meta.image ? 'summary_large_image' : 'summary'}" />`,
    `<meta name="twitter:title" content="${escapeHtml(meta.title)}" />`,
    `<meta name="twitter:description" content="${escapeHtml(meta.description)}" />`,
  ]
    .filter(Boolean)
    .join('\n    ');
  if (!/<meta charset="UTF-8" \/>/i.test(template)) throw new Error('index.html has no <meta charset="UTF-8" /> to put the Content-Security-Policy after');
  return template
    .replace(/<meta charset="UTF-8" \/>/i, (charset) => `${charset}\n    ${policy}`)
    .replace('<div id="root"></div>', () => `<div id="root">${meta.body ?? ''}</div>`)
    .replace(/<title>[\s\S]*?<\/title>\s*/, '')
    .replace(/<meta name="description"[^>]*>\s*/, '')
    .replace('</head>', () => `    ${tags}\n  </head>`);
}

/** Every page the site has, with its head tags and first paint. */
export function sitePages(result: BuildResult, site: SiteConfig, base = '/'): PageMeta[] {
  const read = <T>(file: string): T => JSON.parse(result.files.get(file) ?? 'null') as T;
  const categories = read<Categories>(categoriesFile).categories;
  const siteJson = read<Site>(siteFile);
  const chrome: Chrome = {
    siteTitle: site.title,
    zone: zoneOf(siteJson),
    basename: base.replace(/\/$/, ''),
    topSources: siteJson.top_sources,
  };
  const now = Date.now();
  const river = read<FeedPage>(FIRST_PAGE);
  const pages: PageMeta[] = [
    {
      route: homeRoute,
      title: site.title,
      description: site.description || `${site.title}：金融与监管新闻，按时间与来源浏览`,
      type: 'website',
      body: prerenderHome(chrome, river._finews.total ?? river.items.length, river.items, now),
    },
    {
      route: categoriesRoute,
      title: `全部来源 · ${site.title}`,
      description: `${site.title}收录的 ${categories.length} 个新闻来源`,
      type: 'website',
      body: prerenderHeading(chrome, '全部来源', categoriesRoute),
    },
  ];
  for (const c of categories) {
    const first = read<FeedPage>(feedPageFile(categoryDir(c.slug), FIRST_PAGE));
    const meta = {
      title: `${c.name} · ${site.title}`,
      description: `${c.name}（${c.slug}）的 ${c.count} 篇新闻，最新在前`,
      type: 'website' as const,
    };
    const body = (route: string): string => prerenderList(chrome, c.name, `${c.slug} · 共 ${c.count} 篇`, first.items, false, now, route);
    pages.push({ route: categoryRoute(c.slug), ...meta, body: body(categoryRoute(c.slug)) }, { route: legacyCategoryRoute(c.slug), ...meta, body: body(legacyCategoryRoute(c.slug)) });
  }
  for (const [file, text] of result.files) {
    if (!file.startsWith('items/')) continue;
    const item = JSON.parse(text) as Item;
    pages.push({
      route: item._finews.path,
      title: `${item.title} · ${site.title}`,
      description: item.summary || item.title,
      type: 'article',
      image: item.image,
      publishedTime: item.date_published,
      body: prerenderArticle(chrome, item, item._finews.category_name ?? null),
    });
  }
  return pages;
}

function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path).split(sep).join('/'), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** Build the app with Vite for `base` into memory. */
async function buildApp(base: string): Promise<Map<string, Buffer>> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'finews-app-'));
  try {
    await build({ base, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    return readTree(outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export interface SiteResult {
  feed: BuildResult;
  files: Map<string, string | Buffer>;
  pages: number;
  /** Routes no file can serve (a path segment too long for a file name): 404.html starts the app on them. */
  unservable: string[];
}

export async function buildSite(args: FeedArgs & { base?: string | undefined }): Promise<SiteResult> {
  const base = normalizeBase(args.base);
  const site = loadSiteConfig({ configFile: args.config, siteUrl: args.siteUrl, aliasHosts: args.aliasHosts });
  const categoryTitles = args.categories ? loadCategoryPages(args.categories) : new Map<string, string>();
  const feed = buildFeed({ postsDirs: args.posts, site, categoryTitles, pageSize: args.pageSize });
  const app = await buildApp(base);
  const built = app.get('index.html')?.toString('utf8');
  if (!built) throw new Error('the app build produced no index.html');
  const template = inlineStylesheets(built, app, base);
  const files = new Map<string, string | Buffer>();
  for (const [file, content] of app) files.set(file, content);
  for (const [file, content] of feed.files) files.set(`feed/${file}`, content);
  const pages = sitePages(feed, site, base);
  const unservable: string[] = [];
  for (const page of pages) {
    const names = routeFiles(page.route);
    if (names.length === 0) unservable.push(page.route);
    for (const file of names) {
      if (!files.has(file) || file === 'index.html') files.set(file, renderPage(template, page, site, base));
    }
  }
  files.set('404.html', renderPage(template, { route: '/404.html', title: `页面不存在 · ${site.title}`, description: '找不到这个页面', type: 'website' }, site, base));
  // Last, so every page, asset and feed file has its precompressed copies (see compress.ts).
  await addCompressed(files);
  return { feed, files, pages: pages.length, unservable };
}

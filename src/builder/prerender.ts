/**
 * A first paint for every page, written into its HTML file: the page's chrome, heading and text, in
 * the same markup and classes the app renders, so the page shows at once (a fast Largest
 * Contentful Paint, readable by crawlers and link previews) and nothing moves when the app takes
 * over. Only text goes in, escaped: article HTML is never copied here (the app's sanitizer renders it).
 */
import { isTag, type ChildNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { ListItem, Site } from '../feed/schema.ts';
import { categoriesRoute, categoryRoute, homeRoute } from '../feed/paths.ts';
import { formatDateTime, formatShort, zoneName, type Zone } from '../lib/format-time.ts';

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export interface Chrome {
  siteTitle: string;
  zone: Zone;
  /** Deploy base without its trailing slash (`''` at the root). */
  basename: string;
  /** The biggest sources, for the header's chips. */
  topSources: Site['top_sources'];
}

const href = (chrome: Chrome, route: string): string => escapeHtml(`${chrome.basename}${route}`);

/** A header link as the app's NavLink renders it: marked when it is the page's own route. */
function navLink(chrome: Chrome, route: string, className: string, text: string, current: string | undefined): string {
  const active = route === current;
  return `<a class="${className}${active ? ' active' : ''}"${active ? ' aria-current="page"' : ''} href="${href(chrome, route)}">${escapeHtml(text)}</a>`;
}

/** The page's chrome around `main`; `current` is the page's route (it marks the header's link to it). */
function layout(chrome: Chrome, main: string, current?: string): string {
  const chips = chrome.topSources.map((c) => `<li>${navLink(chrome, categoryRoute(c.slug), 'chip', c.name, current)}</li>`).join('');
  return (
    `<div class="app"><a href="#main" class="skip-link">跳到正文</a>` +
    `<header class="site-header"><div class="site-header__inner"><a class="site-title" href="${href(chrome, homeRoute)}">${escapeHtml(chrome.siteTitle)}</a>` +
    `<nav aria-label="主导航" class="main-nav">${navLink(chrome, homeRoute, 'main-nav__link', '首页', current)}${navLink(chrome, categoriesRoute, 'main-nav__link', '全部来源', current)}</nav></div>` +
    `<nav aria-label="常看来源" class="site-header__sources"><ul class="top-sources">${chips}</ul></nav><div class="progress" aria-hidden="true"></div></header>` +
    `<main id="main" class="main" tabindex="-1">${main}</main></div>`
  );
}

function itemRow(chrome: Chrome, item: ListItem, showSource: boolean, now: number): string {
  const source = showSource ? `<span class="item-row__source">${escapeHtml(item._finews.source.name)}</span>` : '';
  const summary = item.summary ? `<p class="item-row__summary">${escapeHtml(item.summary)}</p>` : '';
  return (
    `<div class="virtual-list__row"><article class="item-row"><h2 class="item-row__title"><a href="${href(chrome, item._finews.path)}">${escapeHtml(item.title || '（无标题）')}</a></h2>` +
    `<p class="item-row__meta">${source}<time datetime="${escapeHtml(item.date_published)}">${escapeHtml(formatShort(item.date_published, chrome.zone, now))}</time></p>${summary}</article></div>`
  );
}

const rowsOf = (chrome: Chrome, items: ListItem[], showSource: boolean, now: number): string =>
  items
    .slice(0, 10)
    .map((item) => itemRow(chrome, item, showSource, now))
    .join('');

/** A category: heading, count and the first items. */
export function prerenderList(chrome: Chrome, heading: string, sub: string, items: ListItem[], showSource: boolean, now = Date.now(), current?: string): string {
  return layout(
    chrome,
    `<section><div class="page-head"><h1 class="page-title">${escapeHtml(heading)}</h1><p class="page-sub">${escapeHtml(sub)}</p></div><div class="virtual-list">${rowsOf(chrome, items, showSource, now)}</div></section>`,
    current,
  );
}

/**
 * The home page as the app shows it (heading, view tabs, count, the newest items), so nothing on
 * screen changes when the app takes over.
 */
export function prerenderHome(chrome: Chrome, total: number, items: ListItem[], now = Date.now()): string {
  const tabs =
    `<nav class="tabs" aria-label="首页视图"><a href="${href(chrome, homeRoute)}" class="tabs__tab" aria-current="page">最新</a>` +
    `<a href="${href(chrome, `${homeRoute}?view=sources`)}" class="tabs__tab">按来源</a></nav>`;
  return layout(
    chrome,
    `<section><div class="page-head"><h1 class="page-title">最新消息</h1>${tabs}</div><p class="list-count">共 ${total} 条</p><div class="virtual-list">${rowsOf(chrome, items, true, now)}</div></section>`,
    homeRoute,
  );
}

export function prerenderHeading(chrome: Chrome, heading: string, current?: string): string {
  return layout(chrome, `<section><div class="page-head"><h1 class="page-title">${escapeHtml(heading)}</h1></div></section>`, current);
}

const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'tr', 'div', 'center', 'figcaption']);
const SKIP = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math']);

/** The body's text, one entry per block, for a first paint of the article. */
export function bodyParagraphs(html: string): string[] {
  const out: string[] = [];
  let current = '';
  const flush = (): void => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
    current = '';
  };
  const walk = (nodes: ChildNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') current += node.data;
      else if (isTag(node) && !SKIP.has(node.name)) {
        const block = BLOCKS.has(node.name);
        if (block) flush();
        if (node.name === 'br') current += ' ';
        walk(node.children);
        if (block) flush();
      }
    }
  };
  walk(parseDocument(html).children);
  flush();
  return out;
}

/** An article: kicker, title, time, tags and the body's text. */
export function prerenderArticle(chrome: Chrome, item: ListItem & { content_html: string }, categoryName: string | null): string {
  const kicker = item._finews.source.category !== null && categoryName ? `<p class="article__kicker"><a href="${href(chrome, categoryRoute(item._finews.source.category))}">${escapeHtml(categoryName)}</a></p>` : '';
  const tags = item.tags.length ? `<ul class="tags" aria-label="标签">${item.tags.map((t) => `<li class="tag">${escapeHtml(t)}</li>`).join('')}</ul>` : '';
  const body = bodyParagraphs(item.content_html)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');
  const time = `<time datetime="${escapeHtml(item.date_published)}">${escapeHtml(formatDateTime(item.date_published, chrome.zone))} <span class="time-zone">${escapeHtml(zoneName(chrome.zone.name))}</span></time>`;
  return layout(
    chrome,
    `<article class="article"><header class="article__head">${kicker}<h1 class="article__title">${escapeHtml(item.title || '（无标题）')}</h1>` +
      `<p class="article__meta"><span class="time-full">${time}</span></p>${tags}</header><div class="article__body">${body}</div></article>`,
  );
}

/**
 * The one place article HTML is made safe. It runs last in the pipeline (after fetch and validation),
 * once per article, and its output is the only HTML the app renders. Under Trusted Types it is also
 * the one policy allowed to create HTML.
 *
 * Keeps what news bodies need; drops scripts, styles, event handlers, forms and javascript:/data:
 * links. Links to the site itself become in-app routes; other links open in a new tab without
 * referrer; images load lazily without a Referer (Chinese image hosts refuse hotlinks that send one).
 */
import DOMPurify, { type Config } from 'dompurify';
import { siteLinkRoute } from '../feed/site-links.ts';
import { ROUTER_BASENAME } from '../lib/base-path.ts';
import type { SanitizedHtml } from './sanitized-html.ts';

export interface SanitizeOptions {
  /** Host names whose links are the site's own. */
  hosts: readonly string[];
}

export const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'div', 'dl', 'dt',
  'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'li', 'mark', 'ol', 'p', 'pre', 'q',
  's', 'small', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul',
];
export const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'width', 'height', 'colspan', 'rowspan', 'datetime', 'cite', 'start', 'reversed'];
/** Only these schemes survive in href/src (relative URLs too). */
const SAFE_URL = /^(?:(?:https?|mailto|tel):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: SAFE_URL,
  FORBID_CONTENTS: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'form', 'select', 'textarea', 'button'],
  KEEP_CONTENT: true,
};

/**
 * Whether an in-app route stays on this origin. A link to the site can name a path that browsers
 * read as another host (`//finews.withounder.com//evil.example/2022/01/01/x.html` → `//evil.example/…`,
 * also `/\evil.example/…` and `/<tab>/evil.example/…`): such a link is not the site's.
 */
function staysOnSite(route: string): boolean {
  if (!route.startsWith('/')) return false;
  try {
    return new URL(route, 'https://app.invalid/').origin === 'https://app.invalid';
  } catch {
    return false;
  }
}

const purifier = DOMPurify(window);
let current: SanitizeOptions = { hosts: [] };

purifier.addHook('beforeSanitizeAttributes', (node) => {
  if (node.nodeName === 'IMG') {
    const img = node as HTMLImageElement;
    const lazy = img.getAttribute('data-src') || img.getAttribute('data-original');
    if (!img.getAttribute('src') && lazy) img.setAttribute('src', lazy);
  }
});

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    const a = node as HTMLAnchorElement;
    const href = a.getAttribute('href');
    if (href === null) return;
    const route = siteLinkRoute(href.trim(), current.hosts);
    if (route !== null && staysOnSite(route)) {
      a.setAttribute('href', `${ROUTER_BASENAME}${route}`);
      a.setAttribute('data-internal', '');
      a.removeAttribute('target');
    } else {
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
    }
  } else if (node.nodeName === 'IMG') {
    const img = node as HTMLImageElement;
    img.setAttribute('loading', 'lazy');
    img.setAttribute('decoding', 'async');
    img.setAttribute('referrerpolicy', 'no-referrer');
    for (const dim of ['width', 'height']) {
      const value = img.getAttribute(dim);
      if (value !== null && !/^\d{1,5}$/.test(value)) img.removeAttribute(dim);
    }
  }
});

function clean(html: string): string {
  return purifier.sanitize(html, { ...CONFIG, RETURN_TRUSTED_TYPE: false });
}

/** The Trusted Types policy named in the Content-Security-Policy: HTML can only come from clean(). */
const policy = window.trustedTypes?.createPolicy('finews', { createHTML: clean }) ?? null;

/** Sanitize an article body. The result can be rendered by ArticleBody and by nothing else. */
export function sanitizeArticleHtml(html: string, options: SanitizeOptions): SanitizedHtml {
  current = options;
  try {
    const safe = policy ? policy.createHTML(html) : clean(html);
    return { html: safe } as unknown as SanitizedHtml;
  } finally {
    current = { hosts: [] };
  }
}

/** The sanitized HTML as a string (for tests and for prerendering). */
export function sanitizeToString(html: string, options: SanitizeOptions): string {
  return String(sanitizeArticleHtml(html, options).html);
}

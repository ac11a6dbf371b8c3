/** Which links point at the site itself, and where in the app they lead. Shared by builder and app. */
import { categoryRoute, homeRoute, parseArticlePath } from './paths.ts';

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export type SiteTarget = { kind: 'home' } | { kind: 'category'; slug: string } | { kind: 'article'; path: string };

/**
 * What a link to the site itself points at, or null for any other link. `hosts` are the site's host
 * names (current and former). Relative links (`../emnews/`, `./emnews/`, `../`) count as the site's:
 * the scraper meant them so, though they were broken on the original site.
 */
export function siteTarget(href: string, hosts: readonly string[]): SiteTarget | null {
  let path: string;
  const abs = /^(?:https?:)?\/\/([^/?#]+)(\/[^?#]*)?/i.exec(href);
  if (abs) {
    const host = (abs[1] ?? '').toLowerCase().replace(/:\d+$/, '');
    if (!hosts.includes(host)) return null;
    path = abs[2] ?? '/';
  } else if (/^\.{1,2}(?:\/|$)/.test(href)) {
    path = `/${href.replace(/^(?:\.{1,2}(?:\/|$))+/, '')}`;
  } else if (href.startsWith('/')) {
    path = href.replace(/[?#].*$/, '');
  } else {
    return null;
  }
  // A path browsers would read as another host (`//evil.example/…`, `/\evil.example/…`) is not the site's.
  if (/^\/[\\/]|[\t\n\r\\]/.test(path)) return null;
  if (path === '/' || /^\/index\.html?$/.test(path)) return { kind: 'home' };
  const legacy = /^\/category\/([^/]+)\.html?$/.exec(path);
  if (legacy?.[1]) return { kind: 'category', slug: safeDecode(legacy[1]) };
  const single = /^\/([^/.]+)\/?$/.exec(path);
  if (single?.[1]) return { kind: 'category', slug: safeDecode(single[1]) };
  if (parseArticlePath(path)) return { kind: 'article', path };
  return null;
}

/** The in-app route of a link to the site (category keys as written in the link), or null. */
export function siteLinkRoute(href: string, hosts: readonly string[]): string | null {
  const target = siteTarget(href, hosts);
  if (!target) return null;
  if (target.kind === 'home') return homeRoute;
  if (target.kind === 'category') return categoryRoute(target.slug);
  return target.path;
}

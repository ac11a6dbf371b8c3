/** The deploy base (`/` or `/news/`), as Vite was told at build time, and URLs under it. */
export const BASE = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
/** React Router's basename: the base without its trailing slash (`''` at the root). */
export const ROUTER_BASENAME = BASE.replace(/\/$/, '');
/** Where the feed files are served. */
export const FEED_ROOT = `${BASE}feed/`;

/** The absolute URL of an in-app route, for sharing. */
export function absoluteUrl(route: string): string {
  return new URL(`${ROUTER_BASENAME}${route}`, window.location.origin).href;
}

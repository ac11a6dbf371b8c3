import { createBrowserRouter } from 'react-router';
import { ROUTER_BASENAME } from '../lib/base-path.ts';
import { ListSkeleton } from '../components/skeleton.tsx';
import { Layout } from './layout.tsx';
import { RouteError } from './route-error.tsx';

/**
 * Routes. Every page is its own chunk (loaded with its loader), so the home page does not pay for
 * the article view's sanitizer. Unknown paths fall through to the article route, which serves Jekyll
 * permalinks and answers 404 for anything else.
 */
export type AppRouter = ReturnType<typeof createBrowserRouter>;

/** Resolves once the first navigation's route modules and loaders have settled (data or error). */
export function whenRouterReady(router: AppRouter): Promise<void> {
  if (router.state.initialized) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = router.subscribe((state) => {
      if (!state.initialized) return;
      stop();
      resolve();
    });
  });
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;
const PAGES_ID = 'pages';

/**
 * A route for a path (as in the address bar, less the deploy base) whose decoded form holds a line
 * break (a category like `a\nb` is legal in YAML). The splat route's pattern is `.*`, which stops at
 * line breaks, so such a path matches nothing; a `:param` segment matches any character but `/`, so
 * one param per segment does. Only built when the router finds no match; the article loader reads
 * the address itself.
 */
export function lineBreakRoute(path: string): { path: string } | null {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // a malformed escape: React Router keeps such a path as it is
  }
  if (!LINE_BREAK.test(decoded)) return null;
  const segments = path.split('/').filter(Boolean);
  return { path: segments.map((_, i) => `:s${i}`).join('/') };
}

export function createRouter(): AppRouter {
  return createBrowserRouter(
    [
      {
        element: <Layout />,
        hydrateFallbackElement: <ListSkeleton />,
        // Anything the page routes below do not catch (no route matched at all) still gets the app's page.
        errorElement: <RouteError />,
        children: [
          {
            id: PAGES_ID,
            errorElement: <RouteError />,
            children: [
              { index: true, lazy: () => import('./routes/home.tsx') },
              { path: 'categories', lazy: () => import('./routes/categories.tsx') },
              { path: 'c/:key', lazy: () => import('./routes/category.tsx') },
              { path: 'category/:file', lazy: () => import('./routes/category.tsx') },
              { path: '*', lazy: () => import('./routes/article.tsx') },
            ],
          },
        ],
      },
    ],
    {
      basename: ROUTER_BASENAME || '/',
      patchRoutesOnNavigation: ({ path, patch }) => {
        // (`path` is the whole address path: the deploy base is not a route segment.)
        const route = lineBreakRoute(path.startsWith(ROUTER_BASENAME) ? path.slice(ROUTER_BASENAME.length) : path);
        if (route) patch(PAGES_ID, [{ ...route, lazy: () => import('./routes/article.tsx') }]);
      },
    },
  );
}

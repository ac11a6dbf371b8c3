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

export function createRouter(): AppRouter {
  return createBrowserRouter(
    [
      {
        element: <Layout />,
        hydrateFallbackElement: <ListSkeleton />,
        children: [
          {
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
    { basename: ROUTER_BASENAME || '/' },
  );
}

import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { getSiteQueryOptions } from '../data/get-site.ts';
import { queryClient } from './query-client.ts';
import { createRouter, whenRouterReady } from './router.tsx';

/** Start the app in #root: route, data, then one render that replaces the prerendered first paint. */
export async function startApp(root: HTMLElement): Promise<void> {
  // The header (every page) comes from site.json: ask for it with the route's own files, so the app's
  // first render has it like the prerendered page did (not an empty row).
  void queryClient.prefetchQuery(getSiteQueryOptions());
  const router = createRouter();
  // The HTML file already shows this page's text (build:site prerenders it): keep it on screen until
  // the route's data is here, so the app replaces it with the same page instead of a placeholder.
  if (root.firstElementChild) await whenRouterReady(router);
  // A transition renders in slices that yield to the browser (no long task while the tree is built);
  // the prerendered page stays on screen until the finished tree replaces it in one commit.
  startTransition(() => {
    createRoot(root).render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </StrictMode>,
    );
  });
}

import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { queryClient } from './app/query-client.ts';
import { createRouter, whenRouterReady } from './app/router.tsx';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const router = createRouter();
// The HTML file already shows this page's text (build:site prerenders it): keep it on screen until
// the route's data is here, so the app replaces it with the same page instead of a placeholder.
if (root.firstElementChild) await whenRouterReady(router);

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);

/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The libraries every page runs (all of node_modules but the article view's sanitizer). */
const VENDOR = /[\\/]node_modules[\\/](?!dompurify[\\/])/;
/**
 * Our code that the app shell and the home page run: everything in src/ but the other routes and
 * what only they use (the article view, its sanitizer and share button, the category pages).
 */
const SHELL =
  /[\\/]src[\\/](?!main\.tsx|styles[\\/]|article[\\/]|app[\\/]routes[\\/](?!home\.tsx)|components[\\/]share-button\.tsx|lib[\\/]safe-url\.ts|feed[\\/]site-links\.ts|data[\\/]get-category-page\.ts)/;

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: false,
    // Every browser the target allows supports <link rel="modulepreload">: no polyfill in the entry.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Two files for the shell (libraries, our code) instead of a dozen small shared chunks: fewer
        // requests, better compression; routes other than home stay chunks of their own.
        codeSplitting: {
          groups: [
            { name: 'vendor', test: VENDOR, priority: 2 },
            { name: 'shell', test: SHELL, priority: 1, includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
  preview: { port: 4173, strictPort: false },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

import { queryOptions, useQueries, useSuspenseQuery } from '@tanstack/react-query';
import { categoryDir, feedPageFile, FIRST_PAGE } from '../feed/paths.ts';
import type { FeedPage } from '../feed/schema.ts';
import { getFeedPage } from './get-river.ts';
import { feedKeys } from './query-keys.ts';

/** One page file (`feed.json`, `feed-<n>.json`) of a category's list; see pageLayout. */
export const getCategoryPage = (slug: string, file: string, signal?: AbortSignal): Promise<FeedPage> =>
  getFeedPage(feedPageFile(categoryDir(slug), file), signal);

export const getCategoryPageQueryOptions = (slug: string, file: string) =>
  queryOptions({
    queryKey: feedKeys.categoryPage(slug, file),
    queryFn: ({ signal }) => getCategoryPage(slug, file, signal),
    staleTime: 60_000,
  });

/** The newest page, which also tells how many items and pages the list has. */
export const useCategoryFirstPage = (slug: string): FeedPage => useSuspenseQuery(getCategoryPageQueryOptions(slug, FIRST_PAGE)).data;

/** The page files in `files`, fetched as they are asked for (as they scroll into view). */
export const useCategoryPages = (slug: string, files: string[]) =>
  useQueries({ queries: files.map((file) => getCategoryPageQueryOptions(slug, file)) });

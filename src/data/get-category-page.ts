import { queryOptions, useQueries, useSuspenseQuery } from '@tanstack/react-query';
import { feedPageFile } from '../feed/paths.ts';
import type { FeedPage } from '../feed/schema.ts';
import { getFeedPage } from './get-river.ts';
import { feedKeys } from './query-keys.ts';

/** Page `page` (1-based) of a category's list; pages are addressable directly by number. */
export const getCategoryPage = (key: string, page: number, signal?: AbortSignal): Promise<FeedPage> =>
  getFeedPage(feedPageFile(`c/${key}`, page), signal);

export const getCategoryPageQueryOptions = (key: string, page: number) =>
  queryOptions({
    queryKey: feedKeys.categoryPage(key, page),
    queryFn: ({ signal }) => getCategoryPage(key, page, signal),
    staleTime: 60_000,
  });

export const useCategoryFirstPage = (key: string): FeedPage => useSuspenseQuery(getCategoryPageQueryOptions(key, 1)).data;

/** The pages in `pages` (fetched as they are asked for, e.g. as they scroll into view). */
export const useCategoryPages = (key: string, pages: number[]) =>
  useQueries({ queries: pages.map((page) => getCategoryPageQueryOptions(key, page)) });

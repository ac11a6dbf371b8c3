import { queryOptions, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { categoriesFile } from '../feed/paths.ts';
import { CategoriesSchema, type Category } from '../feed/schema.ts';
import { fetchFeed } from './fetch-feed.ts';
import { feedKeys } from './query-keys.ts';

export const getCategories = async (signal?: AbortSignal): Promise<Category[]> =>
  (await fetchFeed(categoriesFile, CategoriesSchema, signal)).categories;

export const getCategoriesQueryOptions = () =>
  queryOptions({ queryKey: feedKeys.categories(), queryFn: ({ signal }) => getCategories(signal), staleTime: 5 * 60_000 });

export const useCategories = (): Category[] => useSuspenseQuery(getCategoriesQueryOptions()).data;
/** For chrome that must not suspend (the header's top sources). */
export const useCategoriesIfReady = () => useQuery(getCategoriesQueryOptions());

export function findCategory(categories: Category[], by: { key?: string; slug?: string }): Category | undefined {
  if (by.key !== undefined) return categories.find((c) => c.key === by.key);
  const slug = by.slug ?? '';
  return categories.find((c) => c.slug === slug) ?? categories.find((c) => c.slug.toLowerCase() === slug.toLowerCase());
}

import { queryOptions, useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { itemFile } from '../feed/paths.ts';
import { ItemSchema, type Item } from '../feed/schema.ts';
import type { SanitizedHtml } from '../article/sanitized-html.ts';
import { fetchFeed } from './fetch-feed.ts';
import { getSiteQueryOptions } from './get-site.ts';
import { feedKeys } from './query-keys.ts';

export interface Article {
  item: Item;
  /** The body, sanitized once when fetched: the only HTML the article view renders. */
  body: SanitizedHtml;
}

/** Fetch, validate, then sanitize (last). The sanitizer is loaded only when an article is. */
export async function getArticle(queryClient: QueryClient, id: string, signal?: AbortSignal): Promise<Article> {
  const [item, site, { sanitizeArticleHtml }] = await Promise.all([
    fetchFeed(itemFile(id), ItemSchema, signal),
    queryClient.ensureQueryData(getSiteQueryOptions()),
    import('../article/sanitize.ts'),
  ]);
  return { item, body: sanitizeArticleHtml(item.content_html, { hosts: site.hosts }) };
}

export const getArticleQueryOptions = (queryClient: QueryClient, id: string) =>
  queryOptions({
    queryKey: feedKeys.item(id),
    queryFn: ({ signal }) => getArticle(queryClient, id, signal),
    staleTime: 10 * 60_000,
  });

export const useArticle = (queryClient: QueryClient, id: string): Article => useSuspenseQuery(getArticleQueryOptions(queryClient, id)).data;

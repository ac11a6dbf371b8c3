import { infiniteQueryOptions, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { FIRST_PAGE } from '../feed/paths.ts';
import { FeedPageSchema, type FeedPage } from '../feed/schema.ts';
import { fetchFeed } from './fetch-feed.ts';
import { feedKeys } from './query-keys.ts';

/** Resolve a page's `next_url` against the file it came from (feed files link to siblings). */
export function nextFile(current: string, next: string | undefined): string | undefined {
  if (!next) return undefined;
  if (/^[a-z][a-z0-9+.-]*:|^\//i.test(next)) {
    const url = new URL(next, window.location.href);
    return url.pathname.split('/feed/').pop();
  }
  const dir = current.includes('/') ? current.slice(0, current.lastIndexOf('/') + 1) : '';
  return `${dir}${next}`;
}

export const getFeedPage = (file: string, signal?: AbortSignal): Promise<FeedPage> => fetchFeed(file, FeedPageSchema, signal);

/** The river of news: every source, newest first, following `next_url` from `feed.json`. */
export const getRiverQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: feedKeys.river(),
    queryFn: ({ pageParam, signal }) => getFeedPage(pageParam, signal),
    initialPageParam: FIRST_PAGE,
    getNextPageParam: (last, _all, lastFile) => {
      const next = nextFile(lastFile, last.next_url);
      return next && next !== lastFile ? next : undefined;
    },
    staleTime: 60_000,
  });

export const useRiver = () => useSuspenseInfiniteQuery(getRiverQueryOptions());

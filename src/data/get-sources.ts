import { infiniteQueryOptions, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { sourcesPageFile } from '../feed/paths.ts';
import { SourcesPageSchema, type SourcesPage } from '../feed/schema.ts';
import { fetchFeed } from './fetch-feed.ts';
import { feedKeys } from './query-keys.ts';

export const getSourcesPage = (file: string, signal?: AbortSignal): Promise<SourcesPage> => fetchFeed(file, SourcesPageSchema, signal);

/** "By source": each source with its newest posts, most recently updated first. */
export const getSourcesQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: feedKeys.sources(),
    queryFn: ({ pageParam, signal }) => getSourcesPage(pageParam, signal),
    initialPageParam: sourcesPageFile(1),
    getNextPageParam: (last) => last.next ?? undefined,
    staleTime: 60_000,
  });

export const useSources = () => useSuspenseInfiniteQuery(getSourcesQueryOptions());

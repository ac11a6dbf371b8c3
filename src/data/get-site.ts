import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { siteFile } from '../feed/paths.ts';
import { SiteSchema, type Site } from '../feed/schema.ts';
import { fetchFeed } from './fetch-feed.ts';
import { feedKeys } from './query-keys.ts';

export const getSite = (signal?: AbortSignal): Promise<Site> => fetchFeed(siteFile, SiteSchema, signal);

export const getSiteQueryOptions = () =>
  queryOptions({ queryKey: feedKeys.site(), queryFn: ({ signal }) => getSite(signal), staleTime: Infinity });

export const useSite = (): Site => useSuspenseQuery(getSiteQueryOptions()).data;

import { useCallback } from 'react';
import { getArticleQueryOptions } from '../data/get-item.ts';
import type { ListItem } from '../feed/schema.ts';
import { queryClient } from './query-client.ts';

/** Prefetch an article when the reader shows intent to open it, so it opens at once. */
export function usePrefetchArticle(): (item: ListItem) => void {
  return useCallback((item: ListItem) => {
    void queryClient.prefetchQuery(getArticleQueryOptions(queryClient, item.id));
  }, []);
}

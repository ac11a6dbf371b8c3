import { QueryClient } from '@tanstack/react-query';
import { FeedError } from '../data/fetch-feed.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Retry once what may recover (network, timeout, 5xx); a 404 or a malformed file will not.
        retry: (failures, error) => failures < 1 && error instanceof FeedError && error.transient,
        retryDelay: 800,
        refetchOnWindowFocus: false,
        // Fetch even when the browser says it is offline: fetchFeed then fails at once with an error
        // that says so ("offline"), where the default would pause the query and leave a route's
        // loader waiting, with nothing on screen but the progress bar, until the network came back.
        networkMode: 'always',
      },
    },
  });
}

/** The app's one cache, shared by route loaders and components. */
export const queryClient = createQueryClient();

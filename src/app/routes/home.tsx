import { Suspense, useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ItemRow } from '../../components/item-row.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { ItemRowSkeleton, ListSkeleton } from '../../components/skeleton.tsx';
import { TimeLabel } from '../../components/time-label.tsx';
import { VirtualList } from '../../components/virtual-list.tsx';
import { getRiverQueryOptions, useRiver } from '../../data/get-river.ts';
import { useSite, getSiteQueryOptions } from '../../data/get-site.ts';
import { useSources } from '../../data/get-sources.ts';
import { categoryRoute } from '../../feed/paths.ts';
import { zoneOf } from '../../lib/format-time.ts';
import { useDocumentMeta } from '../../lib/use-document-meta.ts';
import { queryClient } from '../query-client.ts';
import { usePrefetchArticle } from '../use-prefetch-article.ts';

export async function loader() {
  await Promise.all([queryClient.ensureQueryData(getSiteQueryOptions()), queryClient.ensureInfiniteQueryData(getRiverQueryOptions())]);
  return null;
}

function River() {
  const site = useSite();
  const { data, hasNextPage, fetchNextPage, isFetching, isFetchingNextPage, isFetchNextPageError, error } = useRiver();
  const items = data.pages.flatMap((page) => page.items);
  const prefetch = usePrefetchArticle();
  const total = data.pages[0]?._finews.total ?? items.length;
  // Not while any fetch runs: during a refetch (coming back to a stale or failed river) fetchNextPage
  // would only join it; waiting for it to end re-runs this when it does, so the next page still loads.
  const onRange = useCallback(
    (_first: number, last: number) => {
      if (last >= items.length - 1 && hasNextPage && !isFetching && !isFetchNextPageError) void fetchNextPage({ cancelRefetch: false });
    },
    [items.length, hasNextPage, isFetching, isFetchNextPageError, fetchNextPage],
  );
  return (
    <>
      <p className="list-count">共 {total} 条</p>
      <VirtualList
        label="最新新闻"
        count={items.length}
        onRangeChange={onRange}
        renderRow={(i) => {
          const item = items[i];
          return item ? <ItemRow item={item} zone={zoneOf(site)} onIntent={prefetch} /> : <ItemRowSkeleton />;
        }}
      />
      <LoadMore
        hasMore={hasNextPage}
        loading={isFetchingNextPage}
        error={isFetchNextPageError ? error : null}
        onLoadMore={() => void fetchNextPage()}
        label="加载更多"
        errorTitle="下一页加载失败"
        endText="没有更多了"
      />
    </>
  );
}

function BySource() {
  const site = useSite();
  const { data, hasNextPage, fetchNextPage, isFetchingNextPage, isFetchNextPageError, error } = useSources();
  const sources = data.pages.flatMap((p) => p.sources);
  return (
    <>
      <div className="sources-grid">
        {sources.map((source) => (
          <section key={source.key} className="source-card" aria-labelledby={`source-${source.key}`}>
            <h2 id={`source-${source.key}`} className="source-card__title">
              <Link to={categoryRoute(source.slug)}>{source.name}</Link>
              <span className="source-card__count">{source.count} 篇</span>
            </h2>
            <ul className="source-card__list">
              {source.items.map((item) => (
                <li key={item.id}>
                  <Link to={item._finews.path}>{item.title || '（无标题）'}</Link> <TimeLabel iso={item.date_published} zone={zoneOf(site)} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <LoadMore
        hasMore={hasNextPage}
        loading={isFetchingNextPage}
        error={isFetchNextPageError ? error : null}
        onLoadMore={() => void fetchNextPage()}
        label="更多来源"
        errorTitle="加载失败"
      />
    </>
  );
}

export function Component() {
  const site = useSite();
  const [params] = useSearchParams();
  const view = params.get('view') === 'sources' ? 'sources' : 'latest';
  useDocumentMeta(site.title, site.description || `${site.title}：金融与监管新闻，按时间与来源浏览`);
  return (
    <section aria-labelledby="home-title">
      <div className="page-head">
        <h1 id="home-title" className="page-title">
          {view === 'latest' ? '最新消息' : '按来源浏览'}
        </h1>
        <nav className="tabs" aria-label="首页视图">
          <Link to="/" className="tabs__tab" aria-current={view === 'latest' ? 'page' : undefined}>
            最新
          </Link>
          <Link to="/?view=sources" className="tabs__tab" aria-current={view === 'sources' ? 'page' : undefined}>
            按来源
          </Link>
        </nav>
      </div>
      {view === 'latest' ? (
        <River />
      ) : (
        <Suspense fallback={<ListSkeleton label="正在加载来源" />}>
          <BySource />
        </Suspense>
      )}
    </section>
  );
}

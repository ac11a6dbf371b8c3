import { useCallback, useState } from 'react';
import { data, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { ItemRow } from '../../components/item-row.tsx';
import { ItemRowSkeleton } from '../../components/skeleton.tsx';
import { VirtualList } from '../../components/virtual-list.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { findCategory, getCategoriesQueryOptions } from '../../data/get-categories.ts';
import { getCategoryPageQueryOptions, useCategoryFirstPage, useCategoryPages } from '../../data/get-category-page.ts';
import { getSiteQueryOptions, useSite } from '../../data/get-site.ts';
import type { Category } from '../../feed/schema.ts';
import { useDocumentMeta } from '../../lib/use-document-meta.ts';
import { queryClient } from '../query-client.ts';
import { usePrefetchArticle } from '../use-prefetch-article.ts';

/** `/c/<key>` or the original site's `/category/<slug>.html`. */
export async function loader({ params }: LoaderFunctionArgs): Promise<Category> {
  const [, categories] = await Promise.all([queryClient.ensureQueryData(getSiteQueryOptions()), queryClient.ensureQueryData(getCategoriesQueryOptions())]);
  const legacy = params.file?.replace(/\.html?$/i, '');
  const category = legacy !== undefined ? findCategory(categories, { slug: legacy }) : findCategory(categories, { key: params.key ?? '' });
  if (!category) throw data('没有这个来源', { status: 404 });
  await queryClient.ensureQueryData(getCategoryPageQueryOptions(category.key, 1));
  return category;
}

function pagesFor(first: number, last: number, pageSize: number): number[] {
  const from = Math.floor(first / pageSize) + 1;
  const to = Math.floor(last / pageSize) + 1;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function Component() {
  const category = useLoaderData<Category>();
  const site = useSite();
  const firstPage = useCategoryFirstPage(category.key);
  const { page_size: pageSize, total } = firstPage._finews;
  const [visiblePages, setVisiblePages] = useState<number[]>([1]);
  const results = useCategoryPages(category.key, visiblePages);
  const prefetch = usePrefetchArticle();
  const pageData = (page: number) => (page === 1 ? firstPage : results[visiblePages.indexOf(page)]?.data);
  const onRange = useCallback(
    (first: number, last: number) => {
      const next = pagesFor(first, last, pageSize);
      setVisiblePages((prev) => (prev.join() === next.join() ? prev : next));
    },
    [pageSize],
  );
  const failed = results.find((r) => r.isError);
  useDocumentMeta(`${category.name} · ${site.title}`, `${category.name}（${category.slug}）的 ${category.count} 篇新闻，最新在前`);
  return (
    <section aria-labelledby="category-title">
      <div className="page-head">
        <h1 id="category-title" className="page-title">
          {category.name}
        </h1>
        <p className="page-sub">
          {category.slug} · 共 {total} 篇
        </p>
      </div>
      {failed ? <ErrorPanel title="列表加载失败" detail={failed.error instanceof Error ? failed.error.message : String(failed.error)} onRetry={() => void failed.refetch()} /> : null}
      <VirtualList
        label={`${category.name}的新闻`}
        count={total}
        onRangeChange={onRange}
        renderRow={(i) => {
          const page = pageData(Math.floor(i / pageSize) + 1);
          const item = page?.items[i % pageSize];
          return item ? <ItemRow item={item} timeZone={site.time_zone} showSource={false} onIntent={prefetch} /> : <ItemRowSkeleton />;
        }}
      />
    </section>
  );
}

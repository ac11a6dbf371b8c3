import { useCallback, useMemo, useState } from 'react';
import { data, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { ItemRow } from '../../components/item-row.tsx';
import { ItemRowSkeleton } from '../../components/skeleton.tsx';
import { VirtualList } from '../../components/virtual-list.tsx';
import { findCategory, getCategoriesQueryOptions } from '../../data/get-categories.ts';
import { getCategoryPageQueryOptions, useCategoryFirstPage, useCategoryPages } from '../../data/get-category-page.ts';
import { getSiteQueryOptions, useSite } from '../../data/get-site.ts';
import { FIRST_PAGE, pageLayout } from '../../feed/paths.ts';
import type { Category } from '../../feed/schema.ts';
import { zoneOf } from '../../lib/format-time.ts';
import { useDocumentMeta } from '../../lib/use-document-meta.ts';
import { queryClient } from '../query-client.ts';
import { usePrefetchArticle } from '../use-prefetch-article.ts';

/** `/c/<key>` or the original site's `/category/<slug>.html`. */
export async function loader({ params }: LoaderFunctionArgs): Promise<Category> {
  const [, categories] = await Promise.all([queryClient.ensureQueryData(getSiteQueryOptions()), queryClient.ensureQueryData(getCategoriesQueryOptions())]);
  const legacy = params.file?.replace(/\.html?$/i, '');
  const category = legacy !== undefined ? findCategory(categories, { slug: legacy }) : findCategory(categories, { key: params.key ?? '' });
  if (!category) throw data('没有这个来源', { status: 404 });
  await queryClient.ensureQueryData(getCategoryPageQueryOptions(category.slug, FIRST_PAGE));
  return category;
}

export function Component() {
  const category = useLoaderData<Category>();
  const site = useSite();
  const first = useCategoryFirstPage(category.slug);
  const total = first._finews.total ?? category.count;
  const layout = useMemo(() => pageLayout(total, first._finews.page_size), [total, first._finews.page_size]);
  // Only the pages that hold rows on screen are fetched.
  const [files, setFiles] = useState<string[]>([]);
  const results = useCategoryPages(category.slug, files);
  const prefetch = usePrefetchArticle();
  const onRange = useCallback(
    (firstRow: number, lastRow: number) => {
      const from = layout.locate(firstRow).page;
      const to = layout.locate(lastRow).page;
      const next: string[] = [];
      for (let page = from; page >= to; page--) if (page !== layout.pages) next.push(layout.file(page));
      setFiles((prev) => (prev.join() === next.join() ? prev : next));
    },
    [layout],
  );
  const pageData = (page: number) => (page === layout.pages ? first : results[files.indexOf(layout.file(page))]?.data);
  const failed = results.filter((r) => r.isError);
  const retryFailed = () => failed.forEach((r) => void r.refetch());
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
      <VirtualList
        label={`${category.name}的新闻`}
        count={total}
        onRangeChange={onRange}
        renderRow={(i) => {
          const { page, position } = layout.locate(i);
          const item = pageData(page)?.items[position];
          return item ? <ItemRow item={item} zone={zoneOf(site)} showSource={false} onIntent={prefetch} /> : <ItemRowSkeleton />;
        }}
      />
      {failed.length > 0 ? (
        // Pinned to the bottom of the screen: a page fails where the reader has scrolled to, often far below the list's top.
        <div style={{ position: 'sticky', bottom: 0, zIndex: 1 }}>
          <ErrorPanel
            title="列表加载失败"
            detail={failed.map((r) => (r.error instanceof Error ? r.error.message : String(r.error))).join('；')}
            onRetry={retryFailed}
            retrying={failed.some((r) => r.isFetching)}
          />
        </div>
      ) : null}
    </section>
  );
}

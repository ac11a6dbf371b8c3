import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { TimeLabel } from '../../components/time-label.tsx';
import { VirtualList } from '../../components/virtual-list.tsx';
import { getCategoriesQueryOptions, useCategories } from '../../data/get-categories.ts';
import { getSiteQueryOptions, useSite } from '../../data/get-site.ts';
import { categoryRoute } from '../../feed/paths.ts';
import type { Category } from '../../feed/schema.ts';
import { zoneOf } from '../../lib/format-time.ts';
import { useDocumentMeta } from '../../lib/use-document-meta.ts';
import { queryClient } from '../query-client.ts';

export async function loader() {
  await Promise.all([queryClient.ensureQueryData(getSiteQueryOptions()), queryClient.ensureQueryData(getCategoriesQueryOptions())]);
  return null;
}

type SortKey = 'count' | 'latest' | 'name';
const SORTS: Record<SortKey, { label: string; compare: (a: Category, b: Category) => number }> = {
  count: { label: '文章数', compare: (a, b) => b.count - a.count || a.slug.localeCompare(b.slug) },
  latest: { label: '最近更新', compare: (a, b) => (a.latest < b.latest ? 1 : a.latest > b.latest ? -1 : 0) },
  name: { label: '名称', compare: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
};

/** Match a typed query against a source's Chinese name or pinyin slug (spaces and case ignored). */
export function matchesQuery(category: Category, query: string): boolean {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (!q) return true;
  return category.name.replace(/\s+/g, '').toLowerCase().includes(q) || category.slug.toLowerCase().includes(q);
}

export function Component() {
  const site = useSite();
  const categories = useCategories();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortKey>('count');
  const deferred = useDeferredValue(query);
  const shown = useMemo(() => categories.filter((c) => matchesQuery(c, deferred)).sort(SORTS[sort].compare), [categories, deferred, sort]);
  useDocumentMeta(`全部来源 · ${site.title}`, `${site.title}收录的 ${categories.length} 个新闻来源，按文章数、更新时间或名称浏览`);
  return (
    <section aria-labelledby="categories-title">
      <div className="page-head">
        <h1 id="categories-title" className="page-title">
          全部来源
        </h1>
        <p className="page-sub">共 {categories.length} 个来源</p>
      </div>
      <div className="filter-bar">
        <label className="filter-bar__field">
          <span className="visually-hidden">按名称或拼音筛选来源</span>
          <input
            type="search"
            className="input"
            placeholder="输入名称或拼音，如 基金 或 jijin"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
          />
        </label>
        <label className="filter-bar__sort">
          <span>排序</span>
          <select className="input" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            {(Object.keys(SORTS) as SortKey[]).map((key) => (
              <option key={key} value={key}>
                {SORTS[key].label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="list-count" role="status" aria-live="polite">
        {deferred ? `找到 ${shown.length} 个来源` : ''}
      </p>
      {shown.length === 0 ? (
        <p className="empty">没有找到与“{deferred}”匹配的来源。</p>
      ) : (
        <VirtualList
          label="来源列表"
          role="list"
          count={shown.length}
          estimateSize={64}
          renderRow={(i) => {
            const c = shown[i];
            if (!c) return null;
            return (
              <div className="category-row">
                <Link to={categoryRoute(c.slug)} className="category-row__name">
                  {c.name}
                </Link>
                <span className="category-row__slug">{c.slug}</span>
                <span className="category-row__meta">
                  {c.count} 篇 · <TimeLabel iso={c.latest} zone={zoneOf(site)} />
                </span>
              </div>
            );
          }}
        />
      )}
    </section>
  );
}

/** Placeholders with the same size as what they stand for, so nothing moves when data arrives. */
export function ItemRowSkeleton() {
  return (
    <div className="item-row item-row--skeleton" aria-hidden="true">
      <div className="skeleton skeleton--title" />
      <div className="skeleton skeleton--meta" />
      <div className="skeleton skeleton--line" />
      <div className="skeleton skeleton--line skeleton--short" />
    </div>
  );
}

export function ListSkeleton({ rows = 6, label = '正在加载' }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="visually-hidden">{label}…</span>
      {Array.from({ length: rows }, (_, i) => (
        <ItemRowSkeleton key={i} />
      ))}
    </div>
  );
}

export function ArticleSkeleton() {
  return (
    <div role="status" aria-busy="true" className="article">
      <span className="visually-hidden">正在加载文章…</span>
      <div className="skeleton skeleton--headline" />
      <div className="skeleton skeleton--meta" />
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="skeleton skeleton--line" />
      ))}
    </div>
  );
}

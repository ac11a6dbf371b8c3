import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';

interface VirtualListProps {
  count: number;
  estimateSize?: number;
  /** Render row `index`; return a placeholder for rows whose data is not there yet. */
  renderRow: (index: number) => ReactNode;
  /** Told which rows are on screen (plus overscan), to fetch what they need. */
  onRangeChange?: (first: number, last: number) => void;
  label: string;
  /** `feed` for lists of articles (rows are <article>s), `list` for anything else. */
  role?: 'feed' | 'list';
}

/** Rows rendered beyond the screen on either side. */
const OVERSCAN = 6;

interface Range {
  first: number;
  last: number;
}

/** The first row whose bottom is below `y` (offsets[i] is where row i starts; offsets[count] the total). */
function rowAt(offsets: Float64Array, count: number, y: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid + 1] ?? 0) <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows that show `top`…`top + height` of the list (px from its top edge), without overscan. */
function visibleRows(offsets: Float64Array, count: number, top: number, height: number): Range {
  if (count === 0) return { first: 0, last: -1 };
  return { first: rowAt(offsets, count, Math.max(0, top)), last: rowAt(offsets, count, Math.max(0, top + height)) };
}

/** Row heights as measured, and where each row starts. */
class Heights {
  private readonly sizes = new Map<number, number>();
  private cache: { key: string; offsets: Float64Array } | null = null;

  /** Record a row's height; whether it changed. */
  set(index: number, height: number): boolean {
    if (this.sizes.get(index) === height) return false;
    this.sizes.set(index, height);
    return true;
  }

  /** offsets[i] is where row i starts (px from the list's top); offsets[count] is the list's height. */
  offsets(count: number, estimate: number, version: number): Float64Array {
    const key = `${count}/${estimate}/${version}`;
    if (this.cache?.key === key) return this.cache.offsets;
    const out = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) out[i + 1] = (out[i] ?? 0) + (this.sizes.get(i) ?? estimate);
    this.cache = { key, offsets: out };
    return out;
  }
}

/**
 * A list that keeps only the rows near the viewport in the DOM, scrolled with the window, so a
 * source with 50,000 posts scrolls like one with fifty.
 *
 * The rendered rows stay in the normal flow between two spacers (from the rows' measured heights,
 * or `estimateSize` for rows never rendered): a row that turns out taller
 * or shorter than estimated moves nothing on screen, and the browser's scroll anchoring keeps the
 * view still when rows above it are measured. The rendered range only changes when the screen
 * nears its edge, so scrolling renders seldom.
 */
export function VirtualList({ count, estimateSize = 112, renderRow, onRangeChange, label, role = 'feed' }: VirtualListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const [heights] = useState(() => new Heights());
  const [measured, remeasure] = useReducer((n: number) => n + 1, 0);
  const offsets = useMemo(() => heights.offsets(count, estimateSize, measured), [heights, count, estimateSize, measured]);

  // Before the list is laid out, assume it starts at the top of the screen: that covers the rows
  // actually on screen once it is (the list starts lower, so fewer of its rows show).
  const [range, setRange] = useState<Range>(() => {
    const top = typeof window === 'undefined' ? 0 : window.scrollY;
    const height = typeof window === 'undefined' ? 800 : window.innerHeight;
    const rows = visibleRows(offsets, count, top, height);
    return { first: Math.max(0, rows.first - OVERSCAN), last: rows.last + OVERSCAN };
  });

  /** Re-plan the rendered range when the rows on screen are not all rendered, or far fewer are needed. */
  const update = useCallback(
    (sync: boolean) => {
      const list = listRef.current;
      if (!list) return;
      const seen = visibleRows(offsets, count, -list.getBoundingClientRect().top, window.innerHeight);
      const last = Math.min(range.last, count - 1);
      const covered = seen.first >= range.first && seen.last <= last;
      const wasteful = seen.first - range.first > 2 * OVERSCAN || last - seen.last > 2 * OVERSCAN;
      if (covered && !wasteful) return;
      const next = { first: Math.max(0, seen.first - OVERSCAN), last: Math.min(count - 1, seen.last + OVERSCAN) };
      if (next.first === range.first && next.last === range.last) return;
      // Rows missing from the screen are rendered before it paints; a smaller range can wait.
      if (sync && !covered) flushSync(() => setRange(next));
      else setRange(next);
    },
    [offsets, count, range],
  );

  useEffect(() => {
    const onScroll = (): void => update(true);
    const onResize = (): void => update(false);
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onResize);
    };
  }, [update]);

  // A new row count (a page loaded) or new heights: the rows on screen may have changed.
  useLayoutEffect(() => update(false), [count, offsets, update]);

  const observer = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            let changed = false;
            for (const entry of entries) {
              const index = Number((entry.target as HTMLElement).dataset.index);
              const height = entry.borderBoxSize[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight;
              if (Number.isInteger(index) && height > 0 && heights.set(index, height)) changed = true;
            }
            if (changed) remeasure();
          }),
    [heights],
  );
  useEffect(() => () => observer?.disconnect(), [observer]);
  const measure = useCallback(
    (row: HTMLDivElement | null) => {
      if (!row || !observer) return;
      observer.observe(row);
      return () => observer.unobserve(row);
    },
    [observer],
  );

  const first = Math.min(range.first, Math.max(0, count - 1));
  const last = Math.min(range.last, count - 1);
  useLayoutEffect(() => {
    if (count > 0) onRangeChange?.(first, last);
  }, [first, last, count, onRangeChange]);

  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    rows.push(
      <div key={i} data-index={i} ref={measure} role={role === 'list' ? 'listitem' : undefined} className="virtual-list__row">
        {renderRow(i)}
      </div>,
    );
  }
  const total = offsets[count] ?? 0;
  const above = count > 0 ? (offsets[first] ?? 0) : 0;
  const below = count > 0 ? total - (offsets[last + 1] ?? total) : 0;
  // Spacers, not padding: the browser's scroll anchoring keeps the rows on screen still when the
  // space above them changes (a change to an ancestor's padding would turn anchoring off).
  return (
    <div ref={listRef} role={role} aria-label={label} className="virtual-list">
      {above > 0 ? <div aria-hidden="true" className="virtual-list__spacer" style={{ height: above }} /> : null}
      {rows}
      {below > 0 ? <div aria-hidden="true" className="virtual-list__spacer" style={{ height: below }} /> : null}
    </div>
  );
}

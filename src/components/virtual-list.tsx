import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A row's height as laid out, fraction kept. The library's default rounds each row to whole pixels;
 * the error adds up row after row, so the app's rows would sit a few pixels off the prerendered rows
 * they replace, and the page would visibly jump when the app takes over.
 */
const measureRow = (element: Element, entry: ResizeObserverEntry | undefined): number =>
  entry?.borderBoxSize[0]?.blockSize ?? element.getBoundingClientRect().height;

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

/**
 * A list that keeps only the rows near the viewport in the DOM, scrolled with the window, so a
 * source with 50,000 posts scrolls like one with fifty.
 */
export function VirtualList({ count, estimateSize = 112, renderRow, onRangeChange, label, role = 'feed' }: VirtualListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    setMargin(listRef.current?.offsetTop ?? 0);
  }, []);
  const virtualizer = useWindowVirtualizer({ count, estimateSize: () => estimateSize, overscan: 6, scrollMargin: margin, measureElement: measureRow });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  useLayoutEffect(() => {
    if (count > 0) onRangeChange?.(first, last);
  }, [first, last, count, onRangeChange]);
  return (
    <div ref={listRef} role={role} aria-label={label} className="virtual-list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {rows.map((row) => (
        <div
          key={row.key}
          data-index={row.index}
          ref={virtualizer.measureElement}
          role={role === 'list' ? 'listitem' : undefined}
          className="virtual-list__row"
          style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
        >
          {renderRow(row.index)}
        </div>
      ))}
    </div>
  );
}

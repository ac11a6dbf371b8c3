import { Link } from 'react-router';
import type { ListItem } from '../feed/schema.ts';
import type { Zone } from '../lib/format-time.ts';
import { TimeLabel } from './time-label.tsx';

interface ItemRowProps {
  item: ListItem;
  zone: Zone;
  /** Show the source name (off inside a source's own list). */
  showSource?: boolean;
  /** Called when the reader shows intent to open the item (hover, focus), to prefetch it. */
  onIntent?: (item: ListItem) => void;
}

export function ItemRow({ item, zone, showSource = true, onIntent }: ItemRowProps) {
  const intent = onIntent ? () => onIntent(item) : undefined;
  return (
    <article className="item-row">
      <h2 className="item-row__title">
        <Link to={item._finews.path} onMouseEnter={intent} onFocus={intent} onTouchStart={intent}>
          {item.title || '（无标题）'}
        </Link>
      </h2>
      <p className="item-row__meta">
        {showSource ? <span className="item-row__source">{item._finews.source.name}</span> : null}
        <TimeLabel iso={item.date_published} zone={zone} />
      </p>
      {item.summary ? <p className="item-row__summary">{item.summary}</p> : null}
    </article>
  );
}

import { formatDateTime, formatRelative, formatShort, zoneName } from '../lib/format-time.ts';

interface TimeLabelProps {
  iso: string;
  timeZone: string;
  /** `short` for lists; `full` names the zone and adds a relative time. */
  variant?: 'short' | 'full';
}

export function TimeLabel({ iso, timeZone, variant = 'short' }: TimeLabelProps) {
  if (variant === 'short') {
    return (
      <time dateTime={iso} title={`${formatDateTime(iso, timeZone)}（${zoneName(timeZone)}）`}>
        {formatShort(iso, timeZone)}
      </time>
    );
  }
  return (
    <span className="time-full">
      <time dateTime={iso}>
        {formatDateTime(iso, timeZone)} <span className="time-zone">{zoneName(timeZone)}</span>
      </time>
      <span className="time-relative">（{formatRelative(iso)}）</span>
    </span>
  );
}

import { formatDateTime, formatRelative, formatShort, zoneName, type Zone } from '../lib/format-time.ts';

interface TimeLabelProps {
  iso: string;
  zone: Zone;
  /** `short` for lists; `full` names the zone and adds a relative time. */
  variant?: 'short' | 'full';
}

export function TimeLabel({ iso, zone, variant = 'short' }: TimeLabelProps) {
  if (variant === 'short') {
    return (
      <time dateTime={iso} title={`${formatDateTime(iso, zone)}（${zoneName(zone.name)}）`}>
        {formatShort(iso, zone)}
      </time>
    );
  }
  return (
    <span className="time-full">
      <time dateTime={iso}>
        {formatDateTime(iso, zone)} <span className="time-zone">{zoneName(zone.name)}</span>
      </time>
      <span className="time-relative">（{formatRelative(iso)}）</span>
    </span>
  );
}

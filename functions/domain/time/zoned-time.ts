/**
 * Wall-clock arithmetic in IANA time zones, DST-correct, without a date library on the hot path.
 *
 * Offsets come from Intl (the platform's tz database) and are memoised per zone and quarter hour: every
 * transition in the tz database falls on a quarter hour, so two instants in the same bucket share an offset.
 * That keeps a quiet-hours check at a map lookup, which the decision engine's throughput depends on.
 */
import { civilFromDays, MS_PER_DAY } from './civil';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** zone → quarter-hour bucket → offset minutes. Nested maps avoid building a string key per lookup. */
const offsetCache = new Map<string, Map<number, number>>();
const BUCKET_MS = 15 * 60_000;
const MAX_CACHED_OFFSETS_PER_ZONE = 50_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC, in minutes, at an instant (e.g. +60 for Europe/Bratislava in winter). */
export function offsetMinutes(timeZone: string, epochMs: number): number {
  const bucket = Math.floor(epochMs / BUCKET_MS);
  let zoneCache = offsetCache.get(timeZone);
  if (!zoneCache) {
    zoneCache = new Map();
    offsetCache.set(timeZone, zoneCache);
  }
  const cached = zoneCache.get(bucket);
  if (cached !== undefined) return cached;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
  const offset = Math.round((asUtc - (epochMs - (epochMs % 1000))) / 60_000);
  if (zoneCache.size >= MAX_CACHED_OFFSETS_PER_ZONE) zoneCache.clear();
  zoneCache.set(bucket, offset);
  return offset;
}

export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** Minutes since local midnight, 0–1439. */
  minuteOfDay: number;
}

/** The local calendar date and time of day of an instant in a zone. */
export function toLocal(timeZone: string, epochMs: number): LocalDateTime {
  const localMs = epochMs + offsetMinutes(timeZone, epochMs) * 60_000;
  const days = Math.floor(localMs / MS_PER_DAY);
  const { year, month, day } = civilFromDays(days);
  return { year, month, day, minuteOfDay: Math.floor((localMs - days * MS_PER_DAY) / 60_000) };
}

/** Minutes since local midnight of an instant in a zone: `toLocal(…).minuteOfDay` without building the date. */
export function localMinuteOfDay(timeZone: string, epochMs: number): number {
  const localMs = epochMs + offsetMinutes(timeZone, epochMs) * 60_000;
  return Math.floor((localMs - Math.floor(localMs / MS_PER_DAY) * MS_PER_DAY) / 60_000);
}

/**
 * When a zone's clocks reach a local wall-clock time on a date, ascending: the one instant they read it; both, in
 * a fall-back overlap (the time happens twice); or, for a time a spring-forward gap skips, the instant the gap
 * ends — the first at which the clocks read that time or later. Quiet hours end at each of these.
 */
export function wallClockReached(timeZone: string, year: number, month: number, day: number, minuteOfDay: number): number[] {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  // Probed a whole day either side: `wall` read as UTC is up to 14 hours off the real instant (Pacific/Auckland in
  // summer is UTC+13), so a half-day probe can land past a transition and miss one reading of an overlap.
  const offsetBefore = offsetMinutes(timeZone, wall - MS_PER_DAY);
  const offsetAfter = offsetMinutes(timeZone, wall + MS_PER_DAY);
  const candidates = [wall - offsetBefore * 60_000, wall - offsetAfter * 60_000].sort((a, b) => a - b);
  const reached = candidates.filter((at, i) => at + offsetMinutes(timeZone, at) * 60_000 === wall && at !== candidates[i - 1]);
  if (reached.length > 0) return reached;
  // In a gap: the transition lies between the two candidates, on a quarter hour like every tz transition.
  const [earlier, later] = candidates as [number, number];
  for (let at = Math.ceil(earlier / BUCKET_MS) * BUCKET_MS; at < later; at += BUCKET_MS) {
    if (offsetMinutes(timeZone, at) !== offsetBefore) return [at];
  }
  return [later];
}

/** "HH:MM" → minutes since midnight. Char codes, not slices: this runs on every quiet-hours check. */
export function parseHourMinute(value: string): number {
  return ((value.charCodeAt(0) - 48) * 10 + value.charCodeAt(1) - 48) * 60 + (value.charCodeAt(3) - 48) * 10 + value.charCodeAt(4) - 48;
}

export function formatHourMinute(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

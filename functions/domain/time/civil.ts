/**
 * Proleptic Gregorian calendar arithmetic on epoch days (Howard Hinnant's algorithms). The decision engine
 * formats and splits instants for every decision; doing it with integer arithmetic instead of Date objects
 * is several times faster and allocation-free.
 */
const MS_PER_DAY = 86_400_000;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const pad3 = (n: number) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/**
 * Date and hour-minute prefixes are remembered: decisions made in one process cluster on a few days, and
 * building `YYYY-MM-DDT` and `HH:MM:` is most of the formatting work.
 */
const dayPrefixes = new Map<number, string>();
const MAX_CACHED_DAYS = 4096;
const minutePrefixes: string[] = [];
/** Number-to-string conversion is the costliest step left: seconds and milliseconds come from tables. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => pad2(n));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => pad3(n));

function dayPrefix(days: number): string {
  let prefix = dayPrefixes.get(days);
  if (prefix === undefined) {
    const { year, month, day } = civilFromDays(days);
    prefix = `${year}-${pad2(month)}-${pad2(day)}T`;
    if (dayPrefixes.size >= MAX_CACHED_DAYS) dayPrefixes.clear();
    dayPrefixes.set(days, prefix);
  }
  return prefix;
}

function minutePrefix(minuteOfDay: number): string {
  return (minutePrefixes[minuteOfDay] ??= `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}:`);
}

/** Same string as `new Date(ms).toISOString()` for years 1000–9999 (four-digit years, as the ledger stores). */
export function isoString(epochMs: number): string {
  const days = Math.floor(epochMs / MS_PER_DAY);
  const msOfDay = epochMs - days * MS_PER_DAY;
  const minuteOfDay = Math.floor(msOfDay / 60_000);
  const msOfMinute = msOfDay - minuteOfDay * 60_000;
  const seconds = Math.floor(msOfMinute / 1000);
  return dayPrefix(days) + minutePrefix(minuteOfDay) + TWO_DIGITS[seconds]! + '.' + THREE_DIGITS[msOfMinute - seconds * 1000]! + 'Z';
}

export { MS_PER_DAY };

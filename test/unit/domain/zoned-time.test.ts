import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoString } from '../../../functions/domain/time/civil';
import { localMinuteOfDay, offsetMinutes, toLocal, wallClockReached } from '../../../functions/domain/time/zoned-time';

const ZONES = ['Europe/Bratislava', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Sao_Paulo', 'Pacific/Auckland', 'UTC'];
const MINUTE = 60_000;
const anyInstant = fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') });

/** The reference: what Intl says the local wall clock shows. */
function intlLocal(zone: string, ms: number) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, Number(p.value)]),
  );
  return { year: parts.year, month: parts.month, day: parts.day, minuteOfDay: parts.hour! * 60 + parts.minute! };
}

describe('zoned time', () => {
  it('formats instants exactly like Date#toISOString', () => {
    fc.assert(fc.property(anyInstant, (ms) => {
      expect(isoString(ms)).toBe(new Date(ms).toISOString());
    }), { numRuns: 5000 });
  });

  it('agrees with Intl on the local wall clock in zones with DST, half-hour and 45-minute offsets', () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(...ZONES), (ms, zone) => {
        expect(toLocal(zone, ms)).toEqual(intlLocal(zone, ms));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the instant the clocks read a local time that exists, every reading of it in an overlap, ascending', () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(...ZONES), (ms, zone) => {
        const local = toLocal(zone, ms);
        const reached = wallClockReached(zone, local.year, local.month, local.day, local.minuteOfDay);
        // The minute `ms` falls in is one reading (every offset since 1990 is whole minutes); all readings show it.
        expect(reached).toContain(ms - (((ms % MINUTE) + MINUTE) % MINUTE));
        for (const at of reached) expect(toLocal(zone, at)).toEqual(local);
        expect(reached.length === 1 || (reached.length === 2 && reached[0]! < reached[1]!)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with Intl on the minute of the day alone', () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(...ZONES), (ms, zone) => {
        expect(localMinuteOfDay(zone, ms)).toBe(intlLocal(zone, ms).minuteOfDay);
      }),
      { numRuns: 2000 },
    );
  });

  it('knows the offsets either side of a transition', () => {
    expect(offsetMinutes('Europe/Bratislava', Date.parse('2026-03-29T00:59:00Z'))).toBe(60);
    expect(offsetMinutes('Europe/Bratislava', Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
    expect(offsetMinutes('Australia/Lord_Howe', Date.parse('2026-01-15T00:00:00Z'))).toBe(660);
    expect(offsetMinutes('Asia/Kathmandu', Date.parse('2026-01-15T00:00:00Z'))).toBe(345);
  });

  it('finds both readings of a fall-back overlap in a zone far east of UTC (Auckland, UTC+13 before the change)', () => {
    // 2026-04-05 03:00 NZDT → 02:00 NZST: 02:30 is read at 13:30Z and again at 14:30Z. A probe half a day either side
    // of 02:30-read-as-UTC lands after the change and found only the second reading (quiet hours ended an hour late).
    expect(wallClockReached('Pacific/Auckland', 2026, 4, 5, 150).map(isoString)).toEqual(['2026-04-04T13:30:00.000Z', '2026-04-04T14:30:00.000Z']);
  });
});

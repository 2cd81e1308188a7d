/**
 * Properties of the two rules no other property pins down: quiet hours (rule 6) and frequency caps (rule 7).
 * The generators lean on the hard cases — DST transitions, customer windows (equal bounds, ends inside a DST
 * gap), ledger timestamps that are not canonical ISO strings, the message itself in its own ledger — and the
 * oracles use Intl and Date.parse, not the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_POLICY, type DecisionInput, type LedgerEntry, type Policy } from '../../../functions/domain';
import { aLedgerEntry, aMessage, aProfile } from '../../support/builders';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Every DST transition of 2026 in the zones below (UTC instants), and the zones without DST. */
const TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  'Europe/Bratislava': ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
  'Europe/London': ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
  'America/New_York': ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
  // A 30-minute shift: 02:00 → 02:30 in October, 02:00 → 01:30 in April.
  'Australia/Lord_Howe': ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z'],
  'Pacific/Auckland': ['2026-04-04T14:00:00Z', '2026-09-26T14:00:00Z'],
  'Asia/Kolkata': [],
  UTC: [],
};
const ZONES = Object.keys(TRANSITIONS);

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const minuteOfDay = fc.integer({ min: 0, max: 1439 });

/** The customer's window: the policy's, their own, an empty one (equal bounds), or one ending in a DST gap or overlap. */
const quietHours = fc.oneof(
  fc.constant(undefined),
  fc.record({ start: minuteOfDay.map(hhmm), end: minuteOfDay.map(hhmm) }),
  minuteOfDay.map((m) => ({ start: hhmm(m), end: hhmm(m) })),
  fc.constantFrom(
    { start: '22:00', end: '02:30' },
    { start: '23:00', end: '02:15' },
    { start: '22:00', end: '01:30' },
    { start: '02:30', end: '08:00' },
    { start: '01:45', end: '02:15' },
  ),
);

/** An instant of 2026: anywhere, or within a day and a half of one of the zone's DST transitions. */
const instantIn = (zone: string) => {
  const transitions = TRANSITIONS[zone]!;
  const anywhere = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') });
  if (transitions.length === 0) return anywhere;
  const nearTransition = fc
    .tuple(fc.constantFrom(...transitions.map(Date.parse)), fc.integer({ min: -36 * 60, max: 36 * 60 }), fc.constantFrom(0, 0, 1, 59_999))
    .map(([at, minutes, ms]) => at + minutes * MINUTE + ms);
  return fc.oneof({ weight: 1, arbitrary: anywhere }, { weight: 3, arbitrary: nearTransition });
};

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The oracle: the customer's wall clock, from Intl directly. */
function localMinute(zone: string, ms: number): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, format);
  }
  const [h, m] = format.format(new Date(ms)).split(':').map(Number);
  return h! * 60 + m!;
}

function isQuiet(zone: string, window: { start: string; end: string }, ms: number): boolean {
  const [start, end] = [window.start, window.end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
  const minute = localMinute(zone, ms);
  if (start === end) return false;
  return start! < end! ? minute >= start! && minute < end! : minute >= start! || minute < end!;
}

type Kind = 'marketing' | 'survey' | 'critical service' | 'transactional';
const MESSAGES = {
  marketing: aMessage(),
  survey: aMessage({ category: 'service', topic: 'surveys', template: 'survey_invitation', journey: 'post-resolution' }),
  'critical service': aMessage({ category: 'service', topic: 'service_updates', template: 'incident_ack', urgency: 'critical', journey: 'incident' }),
  transactional: aMessage({ category: 'transactional', topic: 'onboarding_tips', template: 'welcome' }),
} as const;

const quietCase = fc
  .constantFrom(...ZONES)
  .chain((timeZone) => fc.record({ timeZone: fc.constant(timeZone), window: quietHours, now: instantIn(timeZone), kind: fc.constantFrom<Kind>(...(Object.keys(MESSAGES) as Kind[])) }))
  .map(({ timeZone, window, now, kind }) => ({
    kind,
    window: window ?? DEFAULT_POLICY.quietHours,
    input: {
      profile: aProfile({ timeZone, ...(window ? { quietHours: window } : {}) }),
      suppressions: [],
      ledger: [],
      crisis: { active: false },
      message: MESSAGES[kind],
      now: new Date(now),
    } satisfies DecisionInput,
  }));

describe('quiet hours (property-based)', () => {
  it('never sends marketing or a survey inside the customer quiet hours; only critical service and transactional messages break them', () => {
    fc.assert(
      fc.property(quietCase, ({ kind, window, input }) => {
        const decision = decide(input);
        const quiet = isQuiet(input.profile.timeZone, window, input.now.getTime());
        if (kind === 'marketing' || kind === 'survey') expect(decision.outcome).toBe(quiet ? 'deferred' : 'sent');
        else expect(decision.outcome).toBe('sent');
      }),
      { numRuns: 3000 },
    );
  });

  it('defers to the first end of the quiet period: the first time after now that the local clock reaches its end', () => {
    fc.assert(
      fc.property(quietCase, ({ kind, window, input }) => {
        if (kind !== 'marketing' && kind !== 'survey') return;
        const decision = decide(input);
        if (decision.outcome !== 'deferred') return;
        const zone = input.profile.timeZone;
        const now = input.now.getTime();
        const end = Number(window.end.slice(0, 2)) * 60 + Number(window.end.slice(3));
        const sendAt = Date.parse(decision.sendAt!);
        expect(sendAt).toBeGreaterThan(now);
        expect(sendAt % MINUTE).toBe(0);
        expect(isQuiet(zone, window, sendAt)).toBe(false);
        // At sendAt the clock reads the end — or jumps over it (a spring-forward gap): it read earlier a minute before.
        const reads = localMinute(zone, sendAt);
        const before = localMinute(zone, sendAt - MINUTE);
        expect(reads === end || (before + 1) % 1440 !== reads).toBe(true);
        // …and it did not read the end at any minute in between (a later end would keep the customer waiting).
        for (let t = now + MINUTE; t < sendAt; t += MINUTE) if (localMinute(zone, t) === end) expect(new Date(t).toISOString()).toBe(decision.sendAt);
      }),
      { numRuns: 1500 },
    );
  });
});

/** Ledger timestamps as the ledger or an import may hold them: canonical, without milliseconds, with an offset. */
function written(ms: number, style: 'canonical' | 'seconds' | 'offset'): string {
  const iso = new Date(ms).toISOString();
  if (style === 'canonical') return iso;
  if (style === 'seconds' && ms % 1000 === 0) return iso.replace('.000Z', 'Z');
  // The same instant, two hours east of UTC.
  const east = new Date(ms + 2 * HOUR).toISOString().slice(0, 23);
  return `${east}+02:00`;
}

const cap = fc.record({ max: fc.integer({ min: 1, max: 4 }), windowHours: fc.constantFrom(1, 24, 48, 168) });

describe('frequency caps (property-based)', () => {
  it('sends only when every cap has room, counting sends strictly inside the window, whatever the timestamp format', () => {
    const capCase = fc
      .record({
        caps: fc.array(cap, { minLength: 1, maxLength: 3 }),
        now: fc.integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2026-11-01T00:00:00Z') }).map((ms) => ms - (ms % 1000)),
        entries: fc.array(
          fc.record({
            // Exactly at a window's edge, a millisecond either side of it, or anywhere in the last week.
            ago: fc.oneof(fc.constantFrom(1, 24, 48, 168).chain((h) => fc.constantFrom(h * HOUR, h * HOUR - 1, h * HOUR + 1, h * HOUR - 1000)), fc.integer({ min: 0, max: 200 * HOUR })),
            style: fc.constantFrom('canonical', 'seconds', 'offset' as const),
            category: fc.constantFrom('marketing', 'marketing', 'service' as const),
            outcome: fc.constantFrom('sent', 'sent', 'suppressed', 'deferred' as const),
            itself: fc.boolean(),
          }),
          { maxLength: 8 },
        ),
      })
      .map(({ caps, now, entries }) => ({
        policy: { ...DEFAULT_POLICY, frequencyCaps: caps } satisfies Policy,
        now,
        ledger: entries.map(({ ago, style, category, outcome, itself }, i): LedgerEntry =>
          aLedgerEntry({ messageId: itself ? 'm-1' : `earlier-${i}`, category, outcome, at: written(now - ago, style) }),
        ),
      }));
    fc.assert(
      fc.property(capCase, ({ policy, now, ledger }) => {
        // 12:00 UTC in London: never quiet, so the caps alone decide.
        const input: DecisionInput = { profile: aProfile({ timeZone: 'UTC' }), suppressions: [], ledger, crisis: { active: false }, message: aMessage({ messageId: 'm-1' }), now: new Date(now) };
        const noon = new Date(now - (now % (24 * HOUR)) + 12 * HOUR);
        const decision = decide({ ...input, now: noon, ledger: ledger.map((e) => ({ ...e, at: new Date(Date.parse(e.at) - now + noon.getTime()).toISOString() })) }, policy);
        const counted = (windowHours: number) =>
          ledger.filter((e) => e.category === 'marketing' && e.outcome === 'sent' && e.messageId !== 'm-1' && now - Date.parse(e.at) < windowHours * HOUR).length;
        const full = policy.frequencyCaps.some((c) => counted(c.windowHours) >= c.max);
        expect(decision.outcome).toBe(full ? 'suppressed' : 'sent');
        if (full) expect(decision.reasonCodes).toEqual(['frequency_cap']);
        // The same verdict with the ledger as written (offsets, no milliseconds), at the original instant if not quiet.
        expect(decide({ ...input, profile: aProfile({ timeZone: 'UTC', quietHours: { start: '00:00', end: '00:00' } }) }, policy).outcome).toBe(full ? 'suppressed' : 'sent');
      }),
      { numRuns: 3000 },
    );
  });

  it('never lets a stream of marketing messages exceed a cap in any window, the edge included', () => {
    const stream = fc.record({
      caps: fc.array(cap, { minLength: 1, maxLength: 2 }),
      gaps: fc.array(fc.oneof(fc.constantFrom(HOUR, 24 * HOUR, 168 * HOUR, 0, 1), fc.integer({ min: 0, max: 30 * HOUR })), { minLength: 1, maxLength: 25 }),
    });
    fc.assert(
      fc.property(stream, ({ caps, gaps }) => {
        const policy: Policy = { ...DEFAULT_POLICY, frequencyCaps: caps };
        // A customer without quiet hours (equal bounds), so every message is decided on the caps alone.
        const profile = aProfile({ timeZone: 'UTC', quietHours: { start: '00:00', end: '00:00' } });
        const ledger: LedgerEntry[] = [];
        const sent: number[] = [];
        let now = Date.parse('2026-06-01T00:00:00Z');
        gaps.forEach((gap, i) => {
          now += gap;
          const decision = decide({ profile, suppressions: [], ledger, crisis: { active: false }, message: aMessage({ messageId: `m-${i}` }), now: new Date(now) }, policy);
          ledger.push({ ...aLedgerEntry({ messageId: `m-${i}`, outcome: decision.outcome, at: decision.at }) });
          if (decision.outcome === 'sent') sent.push(now);
        });
        for (const { max, windowHours } of caps) {
          // Every window (t - windowHours, t] ending at a send holds at most `max` sends.
          for (const t of sent) expect(sent.filter((s) => s > t - windowHours * HOUR && s <= t).length).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

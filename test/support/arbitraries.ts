/** fast-check arbitraries for the decision engine's whole input space. */
import fc from 'fast-check';
import {
  CHANNELS,
  ProfileSchema,
  MessageSpecSchema,
  TEMPLATE_KEYS,
  TOPICS,
  type CrisisRecord,
  type DecisionInput,
  type LedgerEntry,
  type Suppression,
  type SuppressionKind,
} from '../../functions/domain';

const TIME_ZONES = ['Europe/Bratislava', 'Europe/Prague', 'Europe/Budapest', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Auckland', 'UTC'];
const REGIONS = ['eu-central', 'us-east', 'ap-south'];
const SUPPRESSION_KINDS: SuppressionKind[] = ['open_incident', 'detractor_cooldown', 'hard_bounce', 'complaint', 'sms_stop', 'push_disabled', 'manual'];

const START = Date.parse('2026-01-01T00:00:00Z');
const END = Date.parse('2027-01-01T00:00:00Z');
export const instant = fc.integer({ min: START, max: END }).map((ms) => new Date(ms));

const consent = fc.oneof(fc.boolean(), fc.record({ email: fc.boolean(), sms: fc.boolean(), push: fc.boolean() }, { requiredKeys: [] }));

export const profile = fc
  .record({
    email: fc.option(fc.constant('ana@example.com'), { nil: null }),
    phone: fc.option(fc.constant('+421900123456'), { nil: null }),
    pushEndpoint: fc.option(fc.constant('arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/app/1'), { nil: null }),
    locale: fc.constantFrom('en', 'sk', 'cs', 'hu', 'de', 'sk-SK'),
    timeZone: fc.constantFrom(...TIME_ZONES),
    region: fc.constantFrom(...REGIONS),
    consents: fc.dictionary(fc.constantFrom(...TOPICS), consent),
    channelPreferences: fc.shuffledSubarray([...CHANNELS]),
  })
  .map(({ region, ...rest }) => ProfileSchema.parse({ customerId: 'c-1', segment: { region }, ...rest }));

const suppression = (now: number) =>
  fc
    .record({
      kind: fc.constantFrom(...SUPPRESSION_KINDS),
      severity: fc.constantFrom('critical', 'major'),
      expiresInHours: fc.option(fc.integer({ min: -200, max: 2000 }), { nil: undefined }),
    })
    .map(({ kind, severity, expiresInHours }): Suppression => ({
      kind,
      ref: `${kind}-ref`,
      reason: kind,
      source: 'test',
      createdAt: new Date(now - 86_400_000).toISOString(),
      ...(kind === 'open_incident' ? { severity } : {}),
      ...(expiresInHours === undefined ? {} : { expiresAt: new Date(now + expiresInHours * 3_600_000).toISOString() }),
    }));

const ledgerEntry = (now: number) =>
  fc
    .record({
      hoursAgo: fc.integer({ min: 0, max: 24 * 10 }),
      category: fc.constantFrom('marketing', 'service', 'transactional' as const),
      outcome: fc.constantFrom('sent', 'suppressed', 'deferred' as const),
      id: fc.nat(50),
    })
    .map(({ hoursAgo, category, outcome, id }): LedgerEntry => ({
      messageId: `l-${id}`,
      journey: 'onboarding',
      step: 'tips',
      category,
      topic: 'offers',
      outcome,
      channel: 'email',
      at: new Date(now - hoursAgo * 3_600_000).toISOString(),
    }));

const crisis: fc.Arbitrary<CrisisRecord> = fc.oneof(
  fc.constant<CrisisRecord>({ active: false }),
  fc
    .record({
      severity: fc.constantFrom('sev1', 'sev2', 'sev3' as const),
      affected: fc.oneof(fc.constant({ all: true as const }), fc.subarray(REGIONS, { minLength: 1 }).map((region) => ({ region }))),
    })
    .map(({ severity, affected }): CrisisRecord => ({
      active: true,
      id: 'k-1',
      version: 1,
      severity,
      headline: 'Outage',
      message: { en: 'x' },
      affected,
      cadenceMinutes: 60,
      declaredAt: '2026-01-01T00:00:00Z',
      declaredBy: 'a',
      updatedAt: '2026-01-01T00:00:00Z',
      updatedBy: 'a',
    })),
);

const message = fc
  .record({
    topic: fc.constantFrom(...TOPICS),
    category: fc.constantFrom('marketing', 'service', 'transactional' as const),
    urgency: fc.constantFrom('normal', 'critical' as const),
    template: fc.constantFrom(...TEMPLATE_KEYS),
    // Most messages are evaluated before any channel failed; the rest exercise fallback.
    failedChannels: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray([...CHANNELS]) }),
  })
  .map((m) => MessageSpecSchema.parse({ messageId: 'm-1', customerId: 'c-1', journey: 'onboarding', step: 's', ...m }));

export const decisionInput: fc.Arbitrary<DecisionInput> = instant.chain((now) =>
  fc.record({
    now: fc.constant(now),
    profile,
    suppressions: fc.array(suppression(now.getTime()), { maxLength: 4 }),
    ledger: fc.array(ledgerEntry(now.getTime()), { maxLength: 6 }),
    crisis,
    message,
  }),
);

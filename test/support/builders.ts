/** Builders for domain inputs: a valid default, overridden by what a test is about. */
import {
  ProfileSchema,
  MessageSpecSchema,
  type CrisisRecord,
  type DecisionInput,
  type LedgerEntry,
  type MessageSpec,
  type MessageSpecInput,
  type Profile,
  type ProfileInput,
  type Suppression,
} from '../../functions/domain';

/** docs/api.md's example profile, without its customer id: the shape every test starts from. */
export const EXAMPLE_PROFILE = {
  email: 'ana@example.com',
  phone: '+421900123456',
  pushEndpoint: null,
  locale: 'sk',
  timeZone: 'Europe/Bratislava',
  segment: { region: 'eu-central', plan: 'pro' },
  consents: { onboarding_tips: true, product_news: false, offers: true, surveys: true, service_updates: true },
  channelPreferences: ['email', 'push', 'sms'],
  lifecycle: 'new',
} satisfies Omit<ProfileInput, 'customerId'>;

export function aProfile(overrides: Partial<ProfileInput> = {}): Profile {
  return ProfileSchema.parse({ customerId: 'c-123', name: 'Ana', ...EXAMPLE_PROFILE, ...overrides });
}

export function aMessage(overrides: Partial<MessageSpecInput> = {}): MessageSpec {
  return MessageSpecSchema.parse({
    messageId: 'm-1',
    customerId: 'c-123',
    journey: 'onboarding',
    step: 'tips',
    topic: 'offers',
    category: 'marketing',
    template: 'tips',
    ...overrides,
  });
}

export function aSuppression(overrides: Partial<Suppression> & Pick<Suppression, 'kind'>): Suppression {
  return { ref: 'r-1', reason: 'test', source: 'test', createdAt: '2026-11-01T00:00:00Z', ...overrides };
}

export const activeCrisis = (overrides: Partial<Extract<CrisisRecord, { active: true }>> = {}): CrisisRecord => ({
  active: true,
  id: 'crisis-1',
  version: 1,
  severity: 'sev1',
  headline: 'Payments outage',
  message: { en: 'Card payments are failing.' },
  affected: { all: true },
  cadenceMinutes: 60,
  declaredAt: '2026-11-23T09:00:00Z',
  declaredBy: 'oncall',
  updatedAt: '2026-11-23T09:00:00Z',
  updatedBy: 'oncall',
  ...overrides,
});

export function aLedgerEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    messageId: 'earlier',
    journey: 'onboarding',
    step: 'tips',
    category: 'marketing',
    topic: 'offers',
    outcome: 'sent',
    channel: 'email',
    at: '2026-11-23T08:00:00Z',
    ...overrides,
  };
}

/** 10:00 UTC on a Monday: 11:00 in Bratislava, outside quiet hours. */
export const DAYTIME = new Date('2026-11-23T10:00:00Z');

export function anInput(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    profile: aProfile(),
    suppressions: [],
    ledger: [],
    crisis: { active: false },
    message: aMessage(),
    now: DAYTIME,
    ...overrides,
  };
}

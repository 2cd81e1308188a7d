/** Builders for the domain objects the adapter tests store: valid by construction (parsed by the zod schemas). */
import type { Decision } from '../../functions/domain/model/message';
import { ProfileSchema, type Profile, type ProfileInput } from '../../functions/domain/model/profile';
import type { Suppression } from '../../functions/domain/model/suppression';

export function profile(customerId: string, overrides: Partial<ProfileInput> = {}): Profile {
  return ProfileSchema.parse({
    customerId,
    email: `${customerId}@example.com`,
    phone: '+421900123456',
    locale: 'sk',
    timeZone: 'Europe/Bratislava',
    segment: { region: 'eu-central', plan: 'pro' },
    consents: { onboarding_tips: true, product_news: false, offers: true, surveys: true, service_updates: true },
    ...overrides,
  });
}

export function suppression(overrides: Partial<Suppression> = {}): Suppression {
  return {
    kind: 'open_incident',
    ref: 'INC-42',
    reason: 'open critical incident INC-42',
    source: 'support-desk',
    createdAt: '2026-11-23T10:00:00.000Z',
    severity: 'critical',
    ...overrides,
  };
}

export function decision(customerId: string, messageId: string, overrides: Partial<Decision> = {}): Decision {
  return {
    messageId,
    customerId,
    journey: 'onboarding',
    step: 'welcome',
    category: 'marketing',
    topic: 'onboarding_tips',
    template: 'welcome',
    outcome: 'sent',
    channel: 'email',
    locale: 'sk',
    reasons: ['sent'],
    reasonCodes: ['allowed'],
    at: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start: string) {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (instant: string) => void (now = new Date(instant)),
    advanceDays: (days: number) => void (now = new Date(now.getTime() + days * 86_400_000)),
  };
}

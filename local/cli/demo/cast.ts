/**
 * The demo's customers: six people in four locales and six time zones, each chosen to show one rule at work
 * (opt-out per topic, channel fallback, push, quiet hours far away, an incident, a crisis region).
 */
import type { ProfileInput } from '../../../functions/domain/model/profile';

export type CastKey = 'ana' | 'petr' | 'zsofia' | 'oliver' | 'emily' | 'kenji';

export interface CastMember {
  key: CastKey;
  /** What this customer shows in the demo. */
  role: string;
  /** `run` numbers the demo runs against one store (1, 2, …): phone numbers differ per run, so outboxes do not mix. */
  profile: (customerId: string, run: number) => ProfileInput;
}

/** The last two digits of a phone number, from the run. */
const two = (run: number): string => String(run % 100).padStart(2, '0');

const ALL_TOPICS = { onboarding_tips: true, product_news: true, offers: true, surveys: true, service_updates: true };

export const CAST: readonly CastMember[] = [
  {
    key: 'ana',
    role: 'critical incident during onboarding (tips suppressed), crisis region, detractor (2)',
    profile: (customerId, run) => ({
      customerId,
      name: 'Ana Kováčová',
      email: 'ana.kovacova@example.com',
      phone: `+4219001234${two(run)}`,
      locale: 'sk',
      timeZone: 'Europe/Bratislava',
      segment: { region: 'eu-central', plan: 'pro' },
      consents: ALL_TOPICS,
      channelPreferences: ['email', 'sms', 'push'],
    }),
  },
  {
    key: 'petr',
    role: 'opted out of offers only (consent per topic: tips still reach him); crisis region: SMS first in a sev1',
    profile: (customerId, run) => ({
      customerId,
      name: 'Petr Novák',
      email: 'petr.novak@example.com',
      phone: `+4206012345${two(run)}`,
      locale: 'cs',
      timeZone: 'Europe/Prague',
      segment: { region: 'eu-central', plan: 'basic' },
      consents: { ...ALL_TOPICS, offers: false },
      channelPreferences: ['email', 'sms'],
    }),
  },
  {
    key: 'zsofia',
    role: 'no phone (SMS falls back to email); activates during the crisis (tips suppressed)',
    profile: (customerId) => ({
      customerId,
      name: 'Zsófia Nagy',
      email: 'zsofia.nagy@example.com',
      phone: null,
      locale: 'hu',
      timeZone: 'Europe/Budapest',
      segment: { region: 'eu-central', plan: 'basic' },
      consents: ALL_TOPICS,
      channelPreferences: ['sms', 'email'],
    }),
  },
  {
    key: 'oliver',
    role: 'push first (en-GB falls back to en); minor incident; promoter (10)',
    profile: (customerId, run) => ({
      customerId,
      name: 'Oliver Smith',
      email: 'oliver.smith@example.com',
      phone: `+4477009001${two(run)}`,
      pushEndpoint: `arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/journeys/${customerId}`,
      locale: 'en-GB',
      timeZone: 'Europe/London',
      segment: { region: 'eu-west', plan: 'pro' },
      consents: ALL_TOPICS,
      channelPreferences: ['push', 'email', 'sms'],
    }),
  },
  {
    key: 'emily',
    role: 'never activates: the activation nudge comes after 2 days',
    profile: (customerId, run) => ({
      customerId,
      name: 'Emily Johnson',
      email: 'emily.johnson@example.com',
      phone: `+120255501${two(run)}`,
      locale: 'en',
      timeZone: 'America/New_York',
      segment: { region: 'us-east', plan: 'trial' },
      consents: { onboarding_tips: true, product_news: false, offers: false, surveys: true, service_updates: true },
      channelPreferences: ['email', 'sms'],
    }),
  },
  {
    key: 'kenji',
    role: 'far-away time zone: marketing waits for his morning (quiet hours)',
    profile: (customerId) => ({
      customerId,
      name: 'Kenji Tanaka',
      email: 'kenji.tanaka@example.com',
      locale: 'en',
      timeZone: 'Asia/Tokyo',
      segment: { region: 'ap-northeast', plan: 'pro' },
      consents: ALL_TOPICS,
      channelPreferences: ['email'],
    }),
  },
];

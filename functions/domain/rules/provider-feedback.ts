/**
 * What the providers tell us about an address (rule 3): an SMS reply that opts out or back in, and whether a
 * bounce or complaint still concerns the customer — one for an address they have since replaced must not stop
 * the new one.
 */
import type { Profile } from '../model/profile';

/** Opt-out words carriers and AWS treat as STOP (matched on the first word of the message). */
const STOP_KEYWORDS: ReadonlySet<string> = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'OPT-OUT', 'REVOKE']);
/** Opt back in: only a message that is nothing but the keyword ("Start of my complaint…" is not). */
const START_KEYWORDS: ReadonlySet<string> = new Set(['START', 'UNSTOP']);

/** STOP on the keyword or the first word of the message; START only when the message is just the keyword. */
export function keywordOf(sms: { messageKeyword?: string; messageBody?: string }): { kind: 'stop' | 'start'; word: string } | undefined {
  const keyword = sms.messageKeyword?.trim().toUpperCase();
  const body = (sms.messageBody ?? '').trim().toUpperCase();
  const firstWord = /^[A-Z-]+/.exec(body)?.[0];
  const whole = body.replace(/[\s.!]+$/, '');
  for (const word of [keyword, firstWord]) if (word && STOP_KEYWORDS.has(word)) return { kind: 'stop', word };
  for (const word of [keyword, whole]) if (word && START_KEYWORDS.has(word)) return { kind: 'start', word };
  return undefined;
}

/** An email address as providers may report it (`Name <address>`), bare and lower-case, for comparison. */
function normaliseEmail(address: string): string {
  const bare = /<([^>]+)>/.exec(address)?.[1] ?? address;
  return bare.trim().toLowerCase();
}

/**
 * Whether feedback about these email addresses still concerns the customer: true when the report names no address,
 * or one of them is the profile's current email.
 */
export function emailStillCurrent(profile: Pick<Profile, 'email'>, reported: readonly string[]): boolean {
  if (reported.length === 0) return true;
  return !!profile.email && reported.map(normaliseEmail).includes(normaliseEmail(profile.email));
}

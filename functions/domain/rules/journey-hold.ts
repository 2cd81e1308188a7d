/**
 * Holding a message while its journey is paused or all marketing is frozen: ops stopped the sends, not the
 * customers. The message is deferred (never dropped) with a reason naming the pause or freeze, and waits for the
 * resume (or the end of the pause/freeze at its `until`, whichever comes first); then it is decided again.
 *
 * - A pause holds every message of that journey: whoever paused it wants nothing of it to go out.
 * - A freeze holds `marketing` messages of every journey, never `transactional` or `service` ones.
 * - Only a message that would go out (sent or deferred for quiet hours/caps) is held: a suppression (crisis,
 *   consent, open incident) keeps its own verdict, so the hold never hides why a message will not be sent.
 * - When both apply, the pause holds it (it is the narrower decision, and ends on its own resume); after the
 *   resume, the next decision is held by the freeze if that is still on.
 */
import type { Category, JourneyName } from '../model/primitives';
import type { JourneyControl, MarketingFreeze } from '../model/journey-control';
import type { Outcome, ReasonCode } from '../model/message';
import { activePause } from '../journey-control';

export interface Hold {
  kind: 'pause' | 'freeze';
  /** When the hold ends by itself: the message is decided again then at the latest. */
  until: string;
  code: Extract<ReasonCode, 'journey_paused' | 'marketing_freeze'>;
  reason: string;
}

export interface HoldQuestion {
  journey: JourneyName;
  category: Category;
  /** The decision the rules reached without the hold. */
  outcome: Outcome;
}

export function activeFreeze(freeze: MarketingFreeze | undefined, now: Date): MarketingFreeze | undefined {
  return freeze && Date.parse(freeze.until) > now.getTime() ? freeze : undefined;
}

export function holdFor(question: HoldQuestion, control: JourneyControl | undefined, freeze: MarketingFreeze | undefined, now: Date): Hold | undefined {
  if (question.outcome !== 'sent' && question.outcome !== 'deferred') return undefined;
  const pause = control?.stop ? undefined : activePause(control, now);
  if (pause) {
    return { kind: 'pause', until: pause.until, code: 'journey_paused', reason: `held: ${question.journey} is paused until ${pause.until} by ${pause.by}: ${pause.reason}; sent after resume` };
  }
  const frozen = question.category === 'marketing' ? activeFreeze(freeze, now) : undefined;
  if (frozen) {
    return { kind: 'freeze', until: frozen.until, code: 'marketing_freeze', reason: `held: marketing is frozen until ${frozen.until} by ${frozen.by}: ${frozen.reason}; sent after the freeze` };
  }
  return undefined;
}

/** The wait key a held message parks on (one per message, so a release wakes exactly that message). */
export function holdWaitKey(messageId: string): string {
  return `hold:${messageId}`;
}

/** Seconds until the hold ends by itself (the park's timeout): at least one, rounded up. */
export function holdTimeoutSeconds(hold: Hold, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(hold.until) - now.getTime()) / 1000));
}

/**
 * Pause and freeze holds on the message path (the rule: domain/rules/journey-hold.ts).
 *
 * `holdDecision` turns a decision that would go out into a `deferred` one naming the pause or freeze, and registers
 * the message where the resume will look for it. The pause/freeze state comes from a per-container cache (a second,
 * like the crisis record), so a decision costs no extra read most of the time; a pause reaches every decision
 * within that second. The registration is written first and the pause/freeze read
 * again after it, as the resume writes the new state first and reads the registrations after: whichever comes
 * last sees the other, so a message held at the moment of a resume is never left waiting for the old `until`.
 *
 * The release (resume, unfreeze, the end of a pause or freeze) is in journey-resume.ts.
 */
import { holdFor, holdTimeoutSeconds, holdWaitKey, type Hold } from '../domain/rules/journey-hold';
import type { Decision } from '../domain/model/message';
import type { HoldScope } from '../adapters/hold-registry';
import type { HoldState } from '../adapters/hold-state';
import type { MessageHold } from '../../contracts/payloads';
import { dependencies } from '../handlers/runtime/dependencies';
import { count } from '../handlers/runtime/metrics';
import '../handlers/runtime/wiring/journey-control'; // builds the pause, stop and freeze stores this module uses (runtime/dependencies.ts)

export interface HeldDecision {
  decision: Decision;
  hold?: MessageHold;
}

/**
 * `fresh`: read past the per-container cache (the check after registering, which the resume race needs);
 * `loaded`: the (cached) state the caller already read alongside the decision context.
 */
async function currentHold(decision: Decision, now: Date, fresh: boolean, loaded?: HoldState): Promise<Hold | undefined> {
  const { currentHoldState, holdStates } = dependencies();
  const { control, freeze } = fresh ? await holdStates.read(decision.journey) : (loaded ?? (await currentHoldState(decision.journey)));
  return holdFor(decision, control, freeze, now);
}

const scopeOf = (hold: Hold, decision: Decision): HoldScope => (hold.kind === 'pause' ? { kind: 'pause', journey: decision.journey } : { kind: 'freeze' });

export async function holdDecision(decision: Decision, now: Date, fresh = false, loaded?: HoldState): Promise<HeldDecision> {
  const hold = await currentHold(decision, now, fresh, loaded);
  if (!hold) return { decision };
  const { holds } = dependencies();
  const waitKey = holdWaitKey(decision.messageId);
  const held = { customerId: decision.customerId, messageId: decision.messageId, journey: decision.journey, waitKey, heldAt: now.toISOString(), until: hold.until };
  await holds.register(scopeOf(hold, decision), held);
  const still = await currentHold(decision, now, true);
  if (!still || still.kind !== hold.kind) {
    // Resumed (or unfrozen) meanwhile, or the cached state was a second old: the resume may not have seen the
    // registration. Not held by this one (perhaps by the other).
    await holds.remove(scopeOf(hold, decision), held);
    return still ? holdDecision(decision, now, true) : { decision };
  }
  count('MessagesHeld', { journey: decision.journey, kind: hold.kind });
  return {
    decision: { ...decision, outcome: 'deferred', sendAt: hold.until, reasons: [hold.reason], reasonCodes: [hold.code] },
    hold: { kind: hold.kind, waitKey, timeoutSeconds: holdTimeoutSeconds(hold, now), until: hold.until },
  };
}

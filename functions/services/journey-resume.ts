/**
 * Ending a pause or a freeze, by hand (`DELETE /journeys/{name}/pause`, `DELETE /freeze`) or by itself at its
 * `until` (the journey-lifecycle function, every minute): the new state is written first, then the queued entries
 * start (once each, oldest first: the execution name is the event's) and the held messages are woken: each is
 * parked on its own wait key, and the signal path keeps a wake that arrives before the message parked (signals.ts).
 */
import { expiredPause } from '../domain/journey-control';
import { activeFreeze } from '../domain/rules/journey-hold';
import { JOURNEYS, type JourneyName } from '../domain/model/primitives';
import { clock } from '../handlers/runtime/clock';
import { dependencies } from '../handlers/runtime/dependencies';
import { startJourney } from './journey-entry';
import { logger } from '../handlers/runtime/logger';
import { signal } from './signals';
import type { HoldScope } from '../adapters/hold-registry';
import '../handlers/runtime/wiring/journey-control'; // builds the pause, stop and freeze stores this module uses (runtime/dependencies.ts)

export interface Resumed {
  queuedStarted: number;
  released: number;
}

/** Running again (a stop is lifted too): the audit and the new state, then the queue and the held messages. */
export async function resumeJourney(journey: JourneyName, actor: string, action: 'resume' | 'pause-ended' = 'resume'): Promise<Resumed> {
  const { journeyControl } = dependencies();
  const queued = await journeyControl.queued(journey);
  await journeyControl.set(journey, {}, { action, actor, at: clock.now().toISOString(), detail: { queued: queued.length } });
  for (const entry of queued) {
    await startJourney(journey, entry.event);
    await journeyControl.dequeue(entry);
  }
  const released = await releaseHolds({ kind: 'pause', journey }, actor);
  logger.info('journey resumed', { journey, queuedStarted: queued.length, released, actor, action });
  return { queuedStarted: queued.length, released };
}

/** The freeze lifted: the audit, the record removed, then the held marketing messages woken. */
export async function endFreeze(actor: string, action: 'unfreeze' | 'freeze-ended' = 'unfreeze'): Promise<number> {
  const { freeze } = dependencies();
  await freeze.clear({ action, actor, at: clock.now().toISOString(), detail: {} });
  return releaseHolds({ kind: 'freeze' }, actor);
}

export interface LifecycleSweep {
  pausesEnded: JourneyName[];
  freezeEnded: boolean;
  /** The next instant a pause or the freeze ends by itself (the local runtime runs the sweep then). */
  nextEndAt?: string;
}

/** Ends every pause and the freeze whose `until` has passed. Safe to run any time, and twice. */
export async function endExpired(actor = 'journeys (ended by itself at until)'): Promise<LifecycleSweep> {
  const { journeyControl, freeze } = dependencies();
  const now = clock.now();
  const ends: number[] = [];
  const pausesEnded: JourneyName[] = [];
  for (const journey of JOURNEYS) {
    const control = await journeyControl.get(journey);
    if (!control?.stop && expiredPause(control, now)) {
      await resumeJourney(journey, actor, 'pause-ended');
      pausesEnded.push(journey);
    } else if (control?.pause && !control.stop) {
      ends.push(Date.parse(control.pause.until));
    }
  }
  const current = await freeze.get();
  const freezeEnded = current !== undefined && !activeFreeze(current, now);
  if (freezeEnded) await endFreeze(actor, 'freeze-ended');
  else if (current) ends.push(Date.parse(current.until));
  const next = ends.length > 0 ? Math.min(...ends) : undefined;
  return { pausesEnded, freezeEnded, ...(next !== undefined ? { nextEndAt: new Date(next).toISOString() } : {}) };
}

/** Wakes every message held in the scope (once each: its registration is removed after the wake is handed over). */
export async function releaseHolds(scope: HoldScope, releasedBy: string): Promise<number> {
  const { holds } = dependencies();
  const held = await holds.list(scope);
  for (const message of held) {
    await signal(message.customerId, message.waitKey, `release:${message.messageId}:${releasedBy}`, { released: scope.kind, by: releasedBy });
    await holds.remove(scope, message);
  }
  if (held.length > 0) logger.info('held messages released', { scope: scope.kind, released: held.length });
  return held.length;
}

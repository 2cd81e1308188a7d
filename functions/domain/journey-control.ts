/**
 * The rules of a journey's lifecycle, pure: what a pause request becomes, what a journey's status is now, and what
 * happens to a new entry (an event that would start the journey).
 */
import { ValidationError } from './errors';
import { MAX_PAUSE_DAYS, MAX_PAUSE_MS, type FreezeRequest, type JourneyControl, type JourneyPause, type JourneyStatus, type MarketingFreeze, type PauseRequest } from './model/journey-control';

/** A pause from a request: `until` defaults to the longest pause, and may be neither past nor beyond it. */
export function pauseFrom(request: PauseRequest, actor: string, now: Date): JourneyPause {
  const until = cappedUntil('pause', request.until, now);
  return { until, entries: request.entries, reason: request.reason, by: actor, at: now.toISOString() };
}

/** A freeze of all marketing from a request: the same cap as a pause. */
export function freezeFrom(request: FreezeRequest, actor: string, now: Date): MarketingFreeze {
  return { until: cappedUntil('freeze', request.until, now), reason: request.reason, by: actor, at: now.toISOString() };
}

function cappedUntil(what: string, requested: string | undefined, now: Date): string {
  const longest = now.getTime() + MAX_PAUSE_MS;
  const until = requested === undefined ? longest : Date.parse(requested);
  if (until <= now.getTime()) throw new ValidationError(what, [{ path: 'until', message: 'must be in the future' }]);
  if (until > longest) throw new ValidationError(what, [{ path: 'until', message: `must be at most ${MAX_PAUSE_DAYS} days ahead (${new Date(longest).toISOString()})` }]);
  return new Date(until).toISOString();
}

/** A pause that has passed its `until` but is still stored: it ended by itself and its queue is waiting. */
export function expiredPause(control: JourneyControl | undefined, now: Date): JourneyPause | undefined {
  const pause = control?.pause;
  return pause && Date.parse(pause.until) <= now.getTime() ? pause : undefined;
}

/** A pause whose `until` has passed has ended by itself. */
export function activePause(control: JourneyControl | undefined, now: Date): JourneyPause | undefined {
  const pause = control?.pause;
  return pause && Date.parse(pause.until) > now.getTime() ? pause : undefined;
}

/** Draining turns into stopped once nobody is left inside. */
export function journeyStatus(control: JourneyControl | undefined, inFlight: number, now: Date): JourneyStatus {
  if (control?.stop) return control.stop.mode === 'drain' && inFlight > 0 ? 'draining' : 'stopped';
  return activePause(control, now) ? 'paused' : 'running';
}

export type EntryDecision = { action: 'start' } | { action: 'queue'; reason: string } | { action: 'drop'; reason: string };

/** What a new entry does: a stopped or draining journey takes none, a paused one queues or drops them. */
export function entryDecision(journey: string, control: JourneyControl | undefined, now: Date): EntryDecision {
  if (control?.stop) {
    return { action: 'drop', reason: `${journey} is stopped (${control.stop.mode}) since ${control.stop.at} by ${control.stop.by}: ${control.stop.reason}` };
  }
  const pause = activePause(control, now);
  if (!pause) return { action: 'start' };
  const reason = `${journey} is paused until ${pause.until} by ${pause.by}: ${pause.reason}`;
  return pause.entries === 'queue' ? { action: 'queue', reason } : { action: 'drop', reason };
}

/**
 * Waking journeys parked on a wait key (task tokens), without losing a signal to a race.
 *
 * A journey parks with wait-for-event (its task token stored under WAIT#<key>); an event or answer for that
 * key wakes every journey parked on it with SendTaskSuccess. An event can arrive before the journey parks (an
 * incident resolved seconds after it opened): then it is kept as a pending signal (SIGNAL#<key>), and the
 * next journey to park on the key takes it at once. Both sides write first and look second, so whichever
 * comes last sees the other; the takes are atomic deletes, so each signal is delivered once.
 */
import type { PendingSignal } from '../adapters/wait-store';
import { clock } from '../handlers/runtime/clock';
import { dependencies } from '../handlers/runtime/dependencies';
import { logger } from '../handlers/runtime/logger';
import '../handlers/runtime/wiring/step-functions'; // builds the executions this module uses (runtime/dependencies.ts)
import '../handlers/runtime/wiring/waits'; // builds the waits this module uses (runtime/dependencies.ts)

/** Waits not tied to one customer (the crisis journey) are kept under this reserved owner. */
export const GLOBAL_WAIT_OWNER = '_journeys';

/** How long an early signal is kept for a journey that has not parked yet. */
const PENDING_SIGNAL_DAYS = 7;

export interface SignalResult {
  delivered: number;
  /** True when nobody was waiting and the signal was kept for the next journey to park. */
  pending: boolean;
}

/** Delivers `output` to every journey parked on (owner, waitKey), or keeps it until one parks. */
export async function signal(owner: string, waitKey: string, signalId: string, output: unknown): Promise<SignalResult> {
  const { waits } = dependencies();
  const delivered = await deliverToAll(await waits.takeWaits(owner, waitKey), output);
  if (delivered > 0) return { delivered, pending: false };

  await waits.putPendingSignal(owner, { waitKey, signalId, output }, pendingExpiry());
  // A journey may have parked between our take and our put, and looked for pending signals before the put.
  const late = await waits.takeWaits(owner, waitKey);
  if (late.length === 0) return { delivered: 0, pending: true };
  const lateDelivered = await deliverPending(owner, waitKey, late.map((wait) => wait.token));
  return { delivered: lateDelivered, pending: lateDelivered === 0 };
}

/**
 * Called by a journey as it parks: if a signal for its key arrived early, the journey receives the oldest one
 * now. Returns whether it was woken.
 */
export async function wakeIfSignalled(owner: string, waitKey: string, token: string): Promise<boolean> {
  const { waits } = dependencies();
  const pending = await waits.takePendingSignals(owner, waitKey);
  if (pending.length === 0) return false;
  const [first, ...rest] = pending as [PendingSignal, ...PendingSignal[]];
  await Promise.all(rest.map((kept) => waits.putPendingSignal(owner, kept, pendingExpiry())));
  // Remove our own wait first, so a router running right now cannot also wake us with a second signal.
  if (!(await waits.removeWait(owner, waitKey, token))) {
    // A router already took our wait and is waking us: keep this signal for the next wait.
    await waits.putPendingSignal(owner, first, pendingExpiry());
    return false;
  }
  if (await sendTaskSuccess(token, first.output)) return true;
  await waits.putPendingSignal(owner, first, pendingExpiry());
  return false;
}

async function deliverPending(owner: string, waitKey: string, tokens: string[]): Promise<number> {
  const { waits } = dependencies();
  const pending = await waits.takePendingSignals(owner, waitKey);
  const [first, ...rest] = pending;
  await Promise.all(rest.map((kept) => waits.putPendingSignal(owner, kept, pendingExpiry())));
  if (!first) return 0;
  const delivered = await deliverToAll(tokens.map((token) => ({ token })), first.output);
  if (delivered === 0) await waits.putPendingSignal(owner, first, pendingExpiry());
  return delivered;
}

async function deliverToAll(waits: readonly { token: string }[], output: unknown): Promise<number> {
  const results = await Promise.all(waits.map((wait) => sendTaskSuccess(wait.token, output)));
  return results.filter(Boolean).length;
}

/** False when the token is no longer waiting (timed out, stopped, already answered): a stale wait. */
async function sendTaskSuccess(token: string, output: unknown): Promise<boolean> {
  const woken = await dependencies().executions.wake(token, output);
  if (!woken) logger.info('skipped a stale wait');
  return woken;
}

function pendingExpiry(): string {
  return new Date(clock.now().getTime() + PENDING_SIGNAL_DAYS * 86_400_000).toISOString();
}

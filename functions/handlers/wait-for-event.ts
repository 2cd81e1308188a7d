/**
 * Journey task (`.waitForTaskToken`): park the journey on a wait key until an event or answer for it
 * arrives (route-event, api-surveys, api-crisis call SendTaskSuccess) or the state's timeout fires. If the
 * signal came before the journey got here, it is delivered at once.
 */
import { WaitForEventPayload } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { dependencies } from './runtime/dependencies';
import { GLOBAL_WAIT_OWNER, wakeIfSignalled } from '../services/signals';
import './runtime/wiring/waits'; // builds the waits this module uses (runtime/dependencies.ts)

/** Keep the wait a little longer than the state's timeout, so a late signal finds it and is told it is stale. */
const EXPIRY_MARGIN_SECONDS = 3600;

export const handler = taskHandler('wait-for-event', WaitForEventPayload, async (payload): Promise<{ parked: true; wokenAtOnce: boolean }> => {
  const owner = payload.customerId ?? GLOBAL_WAIT_OWNER;
  const expiresAt = new Date(clock.now().getTime() + (payload.timeoutSeconds + EXPIRY_MARGIN_SECONDS) * 1000).toISOString();
  await dependencies().waits.putWait(owner, payload.waitKey, payload.taskToken, expiresAt);
  const wokenAtOnce = await wakeIfSignalled(owner, payload.waitKey, payload.taskToken);
  return { parked: true, wokenAtOnce };
});

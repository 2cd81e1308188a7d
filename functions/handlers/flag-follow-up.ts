/** Journey task: flag a detractor for a human to follow up (after the help/compensation offer went out). */
import { FlagFollowUpPayload } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { dependencies } from './runtime/dependencies';
import './runtime/wiring/event-bus'; // builds the followUps this module uses (runtime/dependencies.ts)

export const handler = taskHandler('flag-follow-up', FlagFollowUpPayload, async (payload): Promise<{ ok: true }> => {
  await dependencies().followUps.request({ ...payload, createdAt: clock.now().toISOString() });
  return { ok: true };
});

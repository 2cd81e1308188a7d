/** Journey task: flag a detractor for a human to follow up (after the help/compensation offer went out). */
import * as z from 'zod';
import { CustomerId } from '../domain/model/primitives';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { dependencies } from './runtime/dependencies';

export const FlagFollowUpPayload = z.object({
  customerId: CustomerId,
  reason: z.string().min(1).max(300),
  score: z.number().int().min(0).max(10).optional(),
  surveyId: z.string().min(1).max(128).optional(),
});

export const handler = taskHandler('flag-follow-up', FlagFollowUpPayload, async (payload): Promise<{ ok: true }> => {
  await dependencies().followUps.request({ ...payload, createdAt: clock.now().toISOString() });
  return { ok: true };
});

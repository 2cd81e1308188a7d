/**
 * Scheduled every minute (an EventBridge schedule rule; locally, at the instant the next pause or freeze ends):
 * pauses and the marketing freeze end by themselves at their `until` — queued entries start once each, in order,
 * and held messages go out. The scheduled event carries nothing the sweep needs, so any payload is accepted.
 */
import * as z from '../domain/zod';
import { taskHandler } from './middleware/task-handler';
import { endExpired, type LifecycleSweep } from '../services/journey-resume';
import { logger } from './runtime/logger';

export const handler = taskHandler('journey-lifecycle', z.unknown(), async (): Promise<LifecycleSweep> => {
  const sweep = await endExpired();
  if (sweep.pausesEnded.length > 0 || sweep.freezeEnded) logger.info('pauses and freezes ended by themselves', { ...sweep });
  return sweep;
});

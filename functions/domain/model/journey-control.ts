/**
 * What ops can change on a live journey besides its definition: routing between versions, a pause (at most 14
 * days, new entries queued or dropped) and a stop (drain: no new entries, customers inside finish; now: every
 * running execution stopped). The request bodies and the stored control record.
 */
import * as z from 'zod';
import { Instant } from './primitives';

export const MAX_PAUSE_DAYS = 14;
export const MAX_PAUSE_MS = MAX_PAUSE_DAYS * 86_400_000;

const Reason = z.string().trim().min(1, 'say why (it is shown to whoever looks at the journey and kept in the audit)').max(500);

export const RoutingSchema = z
  .object({
    routing: z
      .array(z.object({ version: z.number().int().positive(), weight: z.number().int().min(0).max(100) }).strict())
      .min(1, 'name 1 or 2 versions')
      .max(2, 'name 1 or 2 versions'),
  })
  .strict()
  .refine((body) => body.routing.reduce((sum, route) => sum + route.weight, 0) === 100, { message: 'the weights must sum to 100', path: ['routing'] })
  .refine((body) => body.routing.length < 2 || body.routing[0]?.version !== body.routing[1]?.version, { message: 'name two different versions', path: ['routing'] });
export type Routing = z.infer<typeof RoutingSchema>['routing'];

export const PauseSchema = z.object({ until: Instant.optional(), entries: z.enum(['queue', 'drop']).default('queue'), reason: Reason }).strict();
export type PauseRequest = z.infer<typeof PauseSchema>;

export const StopSchema = z.object({ mode: z.enum(['drain', 'now']), reason: Reason }).strict();
export type StopRequest = z.infer<typeof StopSchema>;

export interface JourneyPause {
  until: string;
  entries: 'queue' | 'drop';
  reason: string;
  by: string;
  at: string;
}

export interface JourneyStop {
  mode: 'drain' | 'now';
  reason: string;
  by: string;
  at: string;
}

/** The stored control state of one journey; none stored = running. */
export interface JourneyControl {
  pause?: JourneyPause;
  stop?: JourneyStop;
}

export type JourneyStatus = 'running' | 'paused' | 'draining' | 'stopped';

/** A freeze of all marketing (every journey): at most 14 days, like a pause. */
export const FreezeSchema = z.object({ until: Instant.optional(), reason: Reason }).strict();
export type FreezeRequest = z.infer<typeof FreezeSchema>;

export interface MarketingFreeze {
  until: string;
  reason: string;
  by: string;
  at: string;
}

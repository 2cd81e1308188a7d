/**
 * A message's id is derived from where it comes from — (execution, step) — so every re-evaluation, retry
 * and fallback of the same step refers to the same message, and it is sent at most once.
 */
import { createHash } from 'node:crypto';

export function messageIdFor(executionId: string, step: string): string {
  return `${createHash('sha256').update(executionId).update('\u0000').update(step).digest('hex').slice(0, 24)}-${step}`.slice(0, 256);
}

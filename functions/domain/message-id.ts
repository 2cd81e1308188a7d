/**
 * A message's id is derived from where it comes from — (execution, step) — so every re-evaluation, retry
 * and fallback of the same step refers to the same message, and it is sent at most once.
 */
import { createHash } from 'node:crypto';

export function messageIdFor(executionId: string, step: string): string {
  const origin = executionOrigin(executionId);
  return `${createHash('sha256').update(origin).update('\u0000').update(step).digest('hex').slice(0, 24)}-${step}`.slice(0, 256);
}

/**
 * The local runtime restarts an execution interrupted by a runtime restart as `<name>-r<N>`; its messages
 * are the original's, so what was already sent is not sent again.
 */
const RESTART_SUFFIX = /-r\d+$/;

/** The execution a restart (`<name>-r<N>`) continues: what it derives its messages and its survey from. */
export function executionOrigin(executionId: string): string {
  return executionId.replace(RESTART_SUFFIX, '');
}

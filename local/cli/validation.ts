/**
 * Local validation with the domain's own zod schemas, so a bad file is refused with the same field-level issues
 * the API would give (`data.severity: Invalid option…`) — and nothing is sent.
 */
import type * as z from '../../functions/domain/zod';
import { toFieldIssues } from '../../functions/domain/validation';
import { InputError, type FieldIssue } from './errors';

/** The issues of `value` against `schema`, paths prefixed (`events[2]`); empty when valid. */
export function issuesOf(schema: z.ZodMiniType, value: unknown, prefix = ''): FieldIssue[] {
  const result = schema.safeParse(value);
  return result.success ? [] : toFieldIssues(result.error, prefix);
}

/** Throws an InputError listing every issue; `what` names the input ("event file events.json"). */
export function assertValid(issues: readonly FieldIssue[], what: string): void {
  if (issues.length === 0) return;
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  throw new InputError(`invalid ${what} (${count}); nothing was sent`, { issues });
}

/** zod parsing with field-level issues in the API's error shape (`data.severity: …`). */
import type * as z from './zod';
import { ValidationError, type FieldIssue } from './errors';

export function toFieldIssues(error: z.core.$ZodError, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    // A failed union reports its branches' issues; the most specific branch is the useful one.
    if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0 && !issue.message.startsWith('unknown')) {
      const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
      for (const nested of best) issues.push({ path: joinPath(prefix, [...issue.path, ...nested.path]), message: nested.message });
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: joinPath(prefix, [...issue.path, key]), message: 'unknown field' });
      continue;
    }
    issues.push({ path: joinPath(prefix, issue.path), message: issue.message });
  }
  return issues;
}

function joinPath(prefix: string, path: PropertyKey[]): string {
  const parts = path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)));
  const joined = parts.reduce((acc, part) => (part.startsWith('[') || acc === '' ? acc + part : `${acc}.${part}`), '');
  if (!prefix) return joined || '(root)';
  if (!joined) return prefix;
  return joined.startsWith('[') ? prefix + joined : `${prefix}.${joined}`;
}

/** Parse or throw a ValidationError whose message names the first problem. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown, what: string, prefix = ''): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error, prefix);
  const first = issues[0];
  throw new ValidationError(`invalid ${what}${first ? `: ${first.path}: ${first.message}` : ''}`, issues);
}

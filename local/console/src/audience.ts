/**
 * A crisis audience as on-call staff type it — `region=eu-central, eu-west; plan=pro` (one key per `;` or line,
 * values separated by commas) — and back into words for the confirmation step. The API validates it again
 * (docs/api.md: `{"all": true}` or a segment match where every listed key must match).
 */
export type AudienceValue = { all: true } | Record<string, string[]>;

export function parseSegmentMatch(text: string): Record<string, string[]> {
  const match: Record<string, string[]> = {};
  const clauses = text
    .split(/[;\n]/)
    .map((clause) => clause.trim())
    .filter((clause) => clause !== '');
  if (clauses.length === 0) throw new Error('name at least one segment, e.g. region=eu-central');
  for (const clause of clauses) {
    const [rawKey, ...rest] = clause.split('=');
    const key = (rawKey ?? '').trim();
    if (rest.length === 0 || !key) throw new Error(`"${clause}" is not key=value (e.g. region=eu-central)`);
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(key)) throw new Error(`"${key}": segment keys are lower-case identifiers, e.g. region`);
    const values = rest
      .join('=')
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== '');
    if (values.length === 0) throw new Error(`"${key}" has no value`);
    for (const value of values) if (!/^[A-Za-z0-9._:-]{1,64}$/.test(value)) throw new Error(`"${value}": segment values may contain only letters, digits and . _ : -`);
    match[key] = [...new Set([...(match[key] ?? []), ...values])];
  }
  return match;
}

export function isEveryone(audience: unknown): audience is { all: true } {
  return typeof audience === 'object' && audience !== null && (audience as { all?: unknown }).all === true;
}

/** "all customers" / "customers whose region is eu-central or eu-west and whose plan is pro". */
export function describeAudience(audience: unknown): string {
  if (isEveryone(audience)) return 'all customers';
  if (typeof audience !== 'object' || audience === null) return 'no one';
  const parts = Object.entries(audience as Record<string, unknown>).map(([key, values]) => {
    const list = Array.isArray(values) ? values.map(String) : [String(values)];
    const alternatives = list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1] ?? ''}`;
    return `whose ${key} is ${alternatives}`;
  });
  return `customers ${parts.join(' and ')}`;
}

/** Back to the text form, for editing an active crisis. */
export function formatSegmentMatch(audience: unknown): string {
  if (isEveryone(audience) || typeof audience !== 'object' || audience === null) return '';
  return Object.entries(audience as Record<string, unknown>)
    .map(([key, values]) => `${key}=${(Array.isArray(values) ? values : [values]).map(String).join(', ')}`)
    .join('; ');
}

/** Instants as people read them in a table: `2026-11-23 10:00:05Z` (UTC, the runtime's virtual time). */
export function formatInstant(iso: string | undefined): string {
  if (iso === undefined || iso === '') return '-';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

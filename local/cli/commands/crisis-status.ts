/**
 * `journeys crisis status`: what on-call needs at a glance — mode, severity, headline, version, broadcast progress
 * (sent/failed/remaining) and the last audit entries. The audit needs the on-call token; without it the status is
 * still shown, with a note.
 */
import type { ActiveCrisis, Audience, CrisisAuditEntry } from '../../../functions/domain/model/crisis';
import type { CrisisRecord } from '../api-client';
import type { CommandContext } from '../context';
import { ApiError } from '../errors';
import { DEFAULT_POLICY } from '../../../functions/domain/policy';
import { reminderIntervalMinutes } from '../../../functions/domain/rules/crisis-cadence';
import { formatInstant } from '../format/time';

export async function showCrisisStatus(ctx: CommandContext, auditLimit: number): Promise<void> {
  const record = await ctx.client.getCrisis();
  const audit = await readAudit(ctx, auditLimit);
  if (ctx.out.json) return ctx.out.data({ crisis: record, audit: Array.isArray(audit) ? audit : null });

  const p = ctx.out.palette;
  if (record.active) {
    ctx.out.line(p.bold(p.red(`CRISIS ${record.severity}: ${record.headline}`)));
    ctx.out.fields([
      ['mode', 'crisis'],
      ['severity', record.severity],
      ['headline', record.headline],
      ['version', String(record.version)],
      ['declared', `${formatInstant(record.declaredAt)} by ${record.declaredBy}`],
      ['updated', `${formatInstant(record.updatedAt)} by ${record.updatedBy}`],
      ['affected', describeAudience(record.affected)],
      ['cadence', `every ${record.cadenceMinutes} min`],
      ['customers', describeCustomerRule(record)],
      ['status page', record.statusPageUrl],
      ['messages', Object.keys(record.message).join(', ')],
      ['broadcast', describeBroadcast(record)],
    ]);
  } else {
    ctx.out.line(p.bold(p.green('normal: no active crisis')));
    ctx.out.fields([
      ['mode', 'normal'],
      ['version', record.version !== undefined ? String(record.version) : undefined],
      ['last crisis', record.headline !== undefined ? `${record.severity ?? ''} "${record.headline}"`.trim() : undefined],
      ['resolved', record.resolvedAt !== undefined ? `${formatInstant(record.resolvedAt)} by ${record.resolvedBy ?? '?'}` : undefined],
      ['post-mortem', record.postmortemUrl],
      ['broadcast', describeBroadcast(record)],
    ]);
  }

  if (auditLimit === 0) return;
  ctx.out.line();
  if (typeof audit === 'string') return ctx.out.line(p.dim(audit));
  ctx.out.line(p.bold(`last ${audit.length} audit ${audit.length === 1 ? 'entry' : 'entries'}`));
  if (audit.length === 0) return;
  ctx.out.table(audit, [
    { header: 'VERSION', value: (e) => String(e.version), align: 'right' },
    { header: 'ACTION', value: (e) => e.action },
    { header: 'ACTOR', value: (e) => e.actor },
    { header: 'AT', value: (e) => formatInstant(e.at) },
    { header: 'CHANGE', value: (e) => summariseChange(e.change), flex: true },
  ]);
}

/** The entries, or a note saying why they are not shown (no token, refused). */
async function readAudit(ctx: CommandContext, limit: number): Promise<CrisisAuditEntry[] | string> {
  if (limit === 0) return [];
  if (ctx.globals.token === undefined) return 'audit: not shown — it needs the on-call token (--token or JOURNEYS_ONCALL_TOKEN)';
  try {
    return await ctx.client.crisisAudit(limit);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return `audit: not shown — ${error.message}`;
    throw error;
  }
}

export function describeAudience(audience: Audience): string {
  if ('all' in audience && audience.all === true) return 'everyone';
  return Object.entries(audience as Record<string, string[]>)
    .map(([key, values]) => `${key}=${values.join(',')}`)
    .join('; ');
}

function describeBroadcast(record: CrisisRecord): string | undefined {
  const b = record.broadcast;
  if (!b) return undefined;
  const state = b.finishedAt ? `finished ${formatInstant(b.finishedAt)}` : `running since ${formatInstant(b.startedAt)}`;
  const round = b.round ? `, round ${b.round}` : '';
  const replay = b.failed > 0 ? '; `crisis replay` sends it again to the failed' : '';
  return `${b.kind} of version ${b.messageVersion}${round}: ${b.sent} sent, ${b.failed} failed, ${b.skipped} skipped, ${b.remaining} remaining of ${b.total} (${state}${replay})`;
}

/** One line for an audit entry's change: short values shown, long ones (messages) only named. */
export function summariseChange(change: unknown): string {
  if (typeof change !== 'object' || change === null) return change === undefined ? '' : String(change);
  return Object.entries(change)
    .map(([key, value]) => {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        const text = String(value);
        return text.length <= 80 ? `${key}=${text}` : `${key}=${text.slice(0, 77)}…`;
      }
      if (key === 'affected' && typeof value === 'object' && value !== null) return `affected=${describeAudience(value as Audience)}`;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return `${key}(${Object.keys(value).join(',')})`;
      return key;
    })
    .join(' ');
}

/**
 * What the cadence means for one customer (rules/crisis-cadence.ts): the record refreshes every tick, customers
 * hear of changes and otherwise get a reminder now and then, within the daily cap.
 */
export function describeCustomerRule(record: { severity: ActiveCrisis['severity']; cadenceMinutes: number; customerMessagesPerDay?: number | undefined }): string {
  const perDay = record.customerMessagesPerDay ?? DEFAULT_POLICY.crisisPlaybook[record.severity].customerMessagesPerDay;
  const hours = reminderIntervalMinutes(record.cadenceMinutes, perDay) / 60;
  return `each change at once; no change: a reminder every ${Number.isInteger(hours) ? hours : hours.toFixed(1)} h; at most ${perDay} crisis messages a day each`;
}

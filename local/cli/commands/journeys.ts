/**
 * The journey lifecycle (ops or on-call; the token is --token, $JOURNEYS_ONCALL_TOKEN or $JOURNEYS_OPS_TOKEN):
 * `list`, `versions <journey>`, `route <journey> --weight 2=10 --weight 1=90`, `rollback <journey>`,
 * `pause <journey> [--for 3d|--until ISO] [--entries queue|drop] --reason …`, `resume <journey>`,
 * `stop <journey> --drain|--now --reason …`. Every command prints the journey as the API answers it.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CommandContext, ContextFactory } from '../context';
import { InputError } from '../errors';
import { formatInstant } from '../format/time';
import { span, versionWeight } from '../option-parsers';

interface Journey {
  name: string;
  status: string;
  version: number;
  routing: Array<{ version: number; weight: number }>;
  inFlight: Record<string, number>;
  versions?: Array<{ version: number; createdAt: string; inFlight: number }>;
  pause?: { until: string; entries: string; reason: string; by: string; at: string };
  stop?: { mode: string; reason: string; by: string; at: string };
}

export function registerJourneys(program: Command, context: ContextFactory): void {
  program
    .command('list')
    .description('every journey: status, newest version, routing, customers in flight')
    .action(async (_options: unknown, command: Command) => list(context(command)));
  program
    .command('versions <journey>')
    .description("a journey's versions with the customers in flight on each, and its routing")
    .action(async (journey: string, _options: unknown, command: Command) => show(context(command), await get(context(command), journey)));
  program
    .command('route <journey>')
    .description('split new entries between 1 or 2 versions (customers already inside stay on theirs)')
    .requiredOption('--weight <version=percent>', 'a version and its share, repeatable; the shares sum to 100', versionWeight)
    .addHelpText('after', '\nExample (a 10 % canary of version 2):\n  $ npx journeys route onboarding --weight 2=10 --weight 1=90')
    .action(async (journey: string, options: { weight: Array<{ version: number; weight: number }> }, command: Command) =>
      show(context(command), await change(context(command), 'PUT', `/journeys/${encodeURIComponent(journey)}/routing`, { routing: options.weight })),
    );
  program
    .command('rollback <journey>')
    .description('all new entries to the version before the newest one routed to (at once)')
    .action(async (journey: string, _options: unknown, command: Command) => rollback(context(command), journey));
  program
    .command('pause <journey>')
    .description('hold new entries (queued or dropped) for at most 14 days; ends by itself at --until')
    .option('--for <span>', 'how long, e.g. 3d, 12h (default and maximum: 14 days)', span)
    .option('--until <instant>', 'until when (ISO 8601), instead of --for')
    .addOption(new Option('--entries <mode>', 'what happens to new entries meanwhile').choices(['queue', 'drop']).default('queue'))
    .requiredOption('--reason <text>', 'why (kept in the audit and shown on the journey)')
    .action(async (journey: string, options: { for?: number; until?: string; entries: string; reason: string }, command: Command) => {
      const ctx = context(command);
      if (options.for !== undefined && options.until !== undefined) throw new InvalidArgumentError('Give --for or --until, not both.');
      const until = options.until ?? (options.for !== undefined ? new Date((await ctx.client.health()).now).getTime() + options.for : undefined);
      const body = { entries: options.entries, reason: options.reason, ...(until !== undefined ? { until: typeof until === 'number' ? new Date(until).toISOString() : until } : {}) };
      show(ctx, await change(ctx, 'PUT', `/journeys/${encodeURIComponent(journey)}/pause`, body));
    });
  program
    .command('resume <journey>')
    .description('end a pause or a stop: queued entries start once each, in order')
    .action(async (journey: string, _options: unknown, command: Command) =>
      show(context(command), await change(context(command), 'DELETE', `/journeys/${encodeURIComponent(journey)}/pause`)),
    );
  program
    .command('stop <journey>')
    .description('no new entries; --drain lets customers inside finish, --now stops every running execution')
    .option('--drain', 'customers inside finish (status draining until the last one ends)')
    .option('--now', 'stop every running execution now, with the reason')
    .requiredOption('--reason <text>', 'why (kept in the audit and in each stopped execution)')
    .action(async (journey: string, options: { drain?: boolean; now?: boolean; reason: string }, command: Command) => {
      if (options.drain === options.now) throw new InvalidArgumentError('Give exactly one of --drain and --now.');
      const ctx = context(command);
      show(ctx, await change(ctx, 'POST', `/journeys/${encodeURIComponent(journey)}/stop`, { mode: options.now ? 'now' : 'drain', reason: options.reason }));
    });
}

async function get(ctx: CommandContext, journey: string): Promise<Journey> {
  return (await ctx.client.request<Journey>('GET', `/journeys/${encodeURIComponent(journey)}`, { onCall: true })).body;
}

async function change(ctx: CommandContext, method: string, path: string, body?: unknown): Promise<Journey> {
  return (await ctx.client.request<Journey>(method, path, { onCall: true, ...(body !== undefined ? { body } : {}) })).body;
}

async function list(ctx: CommandContext): Promise<void> {
  const { journeys } = (await ctx.client.request<{ journeys: Journey[] }>('GET', '/journeys', { onCall: true })).body;
  if (ctx.out.json) return ctx.out.data({ journeys });
  ctx.out.table(journeys, [
    { header: 'JOURNEY', value: (j) => j.name },
    { header: 'STATUS', value: (j) => j.status },
    { header: 'VERSION', value: (j) => String(j.version), align: 'right' },
    { header: 'ROUTING', value: (j) => routingText(j.routing) },
    { header: 'IN FLIGHT', value: (j) => inFlightText(j.inFlight), flex: true },
  ]);
}

/** Back to the version before: the older of two routed versions, or the newest older version that still exists. */
async function rollback(ctx: CommandContext, journey: string): Promise<void> {
  const current = await get(ctx, journey);
  const routed = current.routing.filter((route) => route.weight > 0).map((route) => route.version);
  const newest = Math.max(...routed);
  const target = routed.length > 1 ? Math.min(...routed) : (current.versions ?? []).map((v) => v.version).filter((v) => v < newest).sort((a, b) => b - a)[0];
  if (target === undefined) throw new InputError(`${journey} has no version older than ${newest} to roll back to`);
  show(ctx, await change(ctx, 'PUT', `/journeys/${encodeURIComponent(journey)}/routing`, { routing: [{ version: target, weight: 100 }] }));
}

function show(ctx: CommandContext, journey: Journey): void {
  if (ctx.out.json) return ctx.out.data(journey);
  ctx.out.fields([
    ['journey', journey.name],
    ['status', journey.status],
    ['newest version', String(journey.version)],
    ['routing', routingText(journey.routing)],
    ['in flight', inFlightText(journey.inFlight)],
    ['paused', journey.pause ? `until ${formatInstant(journey.pause.until)} (${journey.pause.entries} entries) by ${journey.pause.by}: ${journey.pause.reason}` : undefined],
    ['stopped', journey.stop ? `${journey.stop.mode} at ${formatInstant(journey.stop.at)} by ${journey.stop.by}: ${journey.stop.reason}` : undefined],
  ]);
  if (!journey.versions) return;
  ctx.out.line();
  ctx.out.table(journey.versions, [
    { header: 'VERSION', value: (v) => String(v.version), align: 'right' },
    { header: 'CREATED', value: (v) => formatInstant(v.createdAt) },
    { header: 'IN FLIGHT', value: (v) => String(v.inFlight), align: 'right' },
  ]);
}

function routingText(routing: Journey['routing']): string {
  return routing.map((route) => `v${route.version} ${route.weight}%`).join(', ');
}

function inFlightText(inFlight: Record<string, number>): string {
  const entries = Object.entries(inFlight);
  return entries.length === 0 ? 'none' : entries.map(([version, count]) => `v${version}: ${count}`).join(', ');
}

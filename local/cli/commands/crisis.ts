/**
 * `journeys crisis declare|update|resolve|replay|status`: the crisis switch for on-call staff (rule 9), over
 * PUT/DELETE /crisis and POST /crisis/replay with the on-call token.
 *
 * `update` is optimistic: it reads the current record, sends the change with `If-Match: <version>` (or the
 * version given with `--if-match`), and when someone else changed the crisis in between (412) says so and shows
 * who and which version, rather than overwriting their change.
 */
import type { Command } from 'commander';
import { CrisisDeclarationSchema, CrisisResolutionSchema, type ActiveCrisis } from '../../../functions/domain/model/crisis';
import type { CrisisRecord } from '../api-client';
import type { CommandContext, ContextFactory } from '../context';
import { ApiError, CliError, UsageError } from '../errors';
import { ExitCode } from '../exit-codes';
import * as z from '../../../functions/domain/zod';
import { collect, wholeNumber } from '../option-parsers';
import { assertValid, issuesOf } from '../validation';
import { crisisBody, resolutionBody, type CrisisFlags } from './crisis-options';
import { describeAudience, describeCustomerRule, showCrisisStatus } from './crisis-status';

/** Fields an update may change: every field of the declaration, each optional, at least one given. */
const CrisisPatchSchema = z.partial(CrisisDeclarationSchema);

class CrisisStateError extends CliError {
  readonly exitCode = ExitCode.invalid;
  constructor(
    readonly code: string,
    message: string,
    hints: string[],
  ) {
    super(message, { hints });
  }
}

export function registerCrisis(program: Command, context: ContextFactory): void {
  const crisis = program.command('crisis').description('declare, update, resolve and follow a crisis (on-call)');

  const declarationOptions = (command: Command, required: boolean) =>
    command
      .option('--severity <level>', 'sev1, sev2 or sev3 (decides channels and cadence)')
      .option('--headline <text>', 'one line, shown on the status banner')
      .option('--message <locale=text>', 'the message per locale, repeatable; en is required (the fallback)', collect)
      .option('--affected <audience>', 'all, or segment matches: region=eu-central,eu-west,plan=pro', collect)
      .option('--status-page <url>', 'link to the public status page')
      .option('--cadence <minutes>', 'minutes between cadence ticks when nothing changes (5–1440): the record refreshes each tick', wholeNumber(0))
      .option('--messages-per-day <n>', 'crisis messages one customer gets at most in 24 hours (1–24; default: the playbook, 4)', wholeNumber(0))
      .option('--file <json>', `a JSON body (${required ? 'declaration' : 'fields to change'}); flags override its fields`);

  declarationOptions(crisis.command('declare').description('declare a crisis: broadcasts start, marketing stops'), true)
    .addHelpText(
      'after',
      `
Example:
  $ npx journeys crisis declare --severity sev1 --headline "Payments outage" \\
      --message en="Card payments are failing. We are on it." --message sk="Platby kartou nefungujú." \\
      --affected region=eu-central --status-page https://status.example.com/x --cadence 60`,
    )
    .action(async (flags: CrisisFlags, command: Command) => declare(context(command), flags));

  declarationOptions(crisis.command('update').description('change the active crisis (sends If-Match with the version it read)'), false)
    .option('--if-match <version>', 'the version you base the change on (default: the current one)', wholeNumber(1))
    .addHelpText('after', '\nExample:\n  $ npx journeys crisis update --message en="Payments recovering in eu-central" --cadence 30')
    .action(async (flags: CrisisFlags, command: Command) => update(context(command), flags));

  crisis
    .command('resolve')
    .description('end the crisis: the all-clear goes out, suppressions and channel overrides are lifted')
    .option('--postmortem <url>', 'link to the post-mortem, sent with the all-clear')
    .option('--message <locale=text>', 'an all-clear message per locale, repeatable', collect)
    .option('--if-match <version>', 'resolve only if the crisis is still at this version', wholeNumber(1))
    .option('--file <json>', 'a JSON body {postmortemUrl?, message?}; flags override its fields')
    .addHelpText('after', '\nExample:\n  $ npx journeys crisis resolve --postmortem https://status.example.com/x/postmortem')
    .action(async (flags: CrisisFlags, command: Command) => resolve(context(command), flags));

  crisis
    .command('replay')
    .description('send a broadcast again to the recipients it failed for (default: the last broadcast); nobody gets it twice')
    .option('--message-version <n>', 'the crisis version whose broadcast to replay', wholeNumber(1))
    .option('--kind <kind>', 'alert, update or all-clear')
    .option('--round <n>', 'the broadcast round (cadence updates repeat a version)', wholeNumber(0))
    .addHelpText('after', '\nExample:\n  $ npx journeys crisis replay            # the broadcast `crisis status` shows')
    .action(async (flags: ReplayFlags, command: Command) => replay(context(command), flags));

  crisis
    .command('status')
    .description('mode, severity, headline, version, broadcast progress and the last audit entries')
    .option('--audit <n>', 'audit entries to show (needs the on-call token)', wholeNumber(0, 200), 5)
    .action(async (flags: { audit: number }, command: Command) => showCrisisStatus(context(command), flags.audit));
}

/** What a declaration cannot do without, by the flag that gives it (the schema would name JSON paths). */
const REQUIRED_FLAGS: readonly (readonly [field: string, flag: string])[] = [
  ['severity', '--severity'],
  ['headline', '--headline'],
  ['message', '--message'],
  ['affected', '--affected'],
];

async function declare(ctx: CommandContext, flags: CrisisFlags): Promise<void> {
  const body = await crisisBody(flags, ctx.io);
  const missing = REQUIRED_FLAGS.filter(([field]) => body[field] === undefined).map(([, flag]) => flag);
  if (missing.length > 0) {
    throw new UsageError(`crisis declare needs ${missing.join(', ')} (missing ${missing.length === 1 ? 'option' : 'options'}); nothing was sent`, {
      hints: [
        'e.g. npx journeys crisis declare --severity sev1 --headline "Payments outage" --message en="Card payments are failing." --affected all',
        'or give a whole declaration with --file <json>; `npx journeys crisis declare --help` lists every option',
      ],
    });
  }
  assertValid(issuesOf(CrisisDeclarationSchema, body), 'crisis declaration');
  let record: CrisisRecord;
  try {
    record = await ctx.client.putCrisis(body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && error.code === 'crisis_already_active') throw await alreadyActive(ctx);
    throw error;
  }
  report(ctx, record, 'declared');
}

/** Declaring over an active crisis: the API speaks of If-Match; on the CLI the answer is `crisis update`. */
async function alreadyActive(ctx: CommandContext): Promise<CliError> {
  const now = await ctx.client.getCrisis();
  const which = now.active ? ` (${now.severity} "${now.headline}", version ${now.version})` : '';
  return new CrisisStateError('crisis_already_active', `a crisis is already active${which}; nothing was declared`, [
    'change it with `npx journeys crisis update`, e.g. --message en="…" or --severity sev2 (it sends only what you give)',
    'or end it with `npx journeys crisis resolve`; see it with `npx journeys crisis status`',
  ]);
}

async function update(ctx: CommandContext, flags: CrisisFlags): Promise<void> {
  const body = await crisisBody(flags, ctx.io);
  const current = await ctx.client.getCrisis();
  if (!current.active) {
    throw new CrisisStateError('no_active_crisis', 'no crisis is active: there is nothing to update', [
      'declare one with `npx journeys crisis declare …`',
    ]);
  }
  // A message given for one locale changes that locale only; the others stay as they are.
  if (body.message !== undefined) body.message = { ...current.message, ...(body.message as object) };
  const issues = issuesOf(CrisisPatchSchema, body);
  if (Object.keys(body).length === 0) issues.push({ path: '(options)', message: 'name at least one field to change, e.g. --headline or --message en=…' });
  assertValid(issues, 'crisis update');

  const basedOn = flags.ifMatch ?? current.version;
  let record: CrisisRecord;
  try {
    record = await ctx.client.putCrisis(body, basedOn);
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) throw await staleVersion(ctx, basedOn);
    throw error;
  }
  report(ctx, record, 'updated');
}

async function resolve(ctx: CommandContext, flags: CrisisFlags): Promise<void> {
  const body = await resolutionBody(flags, ctx.io);
  assertValid(issuesOf(CrisisResolutionSchema, body), 'crisis resolution');
  let record: CrisisRecord;
  try {
    record = await ctx.client.resolveCrisis(body, flags.ifMatch);
  } catch (error) {
    if (error instanceof ApiError && error.status === 412 && flags.ifMatch !== undefined) throw await staleVersion(ctx, flags.ifMatch);
    throw error;
  }
  report(ctx, record, 'resolved');
}

interface ReplayFlags {
  messageVersion?: number;
  kind?: string;
  round?: number;
}

const REPLAY_KINDS = ['alert', 'update', 'all-clear'];

async function replay(ctx: CommandContext, flags: ReplayFlags): Promise<void> {
  if (flags.kind !== undefined && !REPLAY_KINDS.includes(flags.kind)) {
    assertValid([{ path: '--kind', message: `must be one of ${REPLAY_KINDS.join(', ')}` }], 'crisis replay');
  }
  const body = Object.fromEntries(Object.entries({ version: flags.messageVersion, kind: flags.kind, round: flags.round }).filter(([, v]) => v !== undefined));
  const answer = await ctx.client.replayCrisis(body);
  if (ctx.out.json) return ctx.out.data(answer);
  const p = ctx.out.palette;
  const which = `${answer.replay.kind} of version ${answer.replay.version}${answer.replay.round > 0 ? `, round ${answer.replay.round}` : ''}`;
  if (answer.execution === null) {
    ctx.out.line(p.green(`nothing to replay: no recipient of the ${which} is recorded as failed`));
    return;
  }
  ctx.out.line(p.bold(`replaying the ${which} for ${answer.failures} failed ${answer.failures === 1 ? 'recipient' : 'recipients'}`));
  ctx.out.fields([['execution', answer.execution]]);
  ctx.out.line(p.dim('follow it with `npx journeys crisis status`'));
}

/** Someone else changed the crisis since the version this change was based on: say who, and what it is now. */
async function staleVersion(ctx: CommandContext, basedOn: number): Promise<CliError> {
  const now = await ctx.client.getCrisis();
  const by = now.active ? ` by ${now.updatedBy} at ${now.updatedAt}` : now.resolvedBy ? ` (resolved by ${now.resolvedBy} at ${now.resolvedAt})` : '';
  return new CrisisStateError(
    'stale_version',
    `someone else changed the crisis: your change was based on version ${basedOn}, it is now at version ${now.version ?? 0}${by}; nothing was changed`,
    ['review it with `npx journeys crisis status`, then run your command again (it reads the current version)'],
  );
}

function report(ctx: CommandContext, record: CrisisRecord, action: 'declared' | 'updated' | 'resolved'): void {
  if (ctx.out.json) return ctx.out.data(record);
  const p = ctx.out.palette;
  if (record.active) {
    ctx.out.line(p.bold(p.red(`crisis ${action}: ${record.severity} "${record.headline}" (version ${record.version})`)));
    describeActive(ctx, record);
  } else {
    ctx.out.line(p.bold(p.green(`crisis ${action} (version ${record.version ?? 0}): the all-clear is going out`)));
    ctx.out.fields([['post-mortem', record.postmortemUrl]]);
  }
  ctx.out.line(p.dim('follow the broadcast with `npx journeys crisis status`'));
}

function describeActive(ctx: CommandContext, record: ActiveCrisis): void {
  ctx.out.fields([
    ['affected', describeAudience(record.affected)],
    ['cadence', `every ${record.cadenceMinutes} min`],
    ['customers', describeCustomerRule(record)],
    ['status page', record.statusPageUrl],
  ]);
}

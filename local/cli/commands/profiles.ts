/**
 * `journeys profiles put <file|->`, `profiles get <id>`, `profiles delete <id>`: one profile per customer
 * (rule 1). A profile file is validated locally with the domain's ProfileSchema before it is sent.
 */
import type { Command } from 'commander';
import { ProfileSchema } from '../../../functions/domain/model/profile';
import type { Profile } from '../api-client';
import type { CommandContext, ContextFactory } from '../context';
import { ApiError } from '../errors';
import { readJsonInput, STDIN } from '../input';
import { assertValid, issuesOf } from '../validation';

export function registerProfiles(program: Command, context: ContextFactory): void {
  const profiles = program.command('profiles').description('create, read and erase customer profiles');
  profiles
    .command('put')
    .description('validate a profile locally, then store it (created or replaced)')
    .argument('<file>', `JSON file with the profile (customerId included); ${STDIN} reads standard input`)
    .addHelpText('after', '\nExample:\n  $ npx journeys profiles put ana.json')
    .action(async (file: string, _options: unknown, command: Command) => putProfile(context(command), file));
  profiles
    .command('get')
    .description('show a stored profile')
    .argument('<customerId>')
    .action(async (customerId: string, _options: unknown, command: Command) => getProfile(context(command), customerId));
  profiles
    .command('delete')
    .description('erase a profile and all personal data of the customer')
    .argument('<customerId>')
    .action(async (customerId: string, _options: unknown, command: Command) => deleteProfile(context(command), customerId));
}

async function putProfile(ctx: CommandContext, file: string): Promise<void> {
  const profile = await readJsonInput(file, ctx.io);
  assertValid(issuesOf(ProfileSchema, profile), `profile in ${file === STDIN ? 'standard input' : file}`);
  const customerId = (profile as { customerId: string }).customerId;
  const stored = await ctx.client.putProfile(customerId, profile);
  if (ctx.out.json) return ctx.out.data(stored);
  ctx.out.line(ctx.out.palette.green(`stored profile ${customerId}`));
  showProfile(ctx, stored);
}

async function getProfile(ctx: CommandContext, customerId: string): Promise<void> {
  let profile: Profile;
  try {
    profile = await ctx.client.getProfile(customerId);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new ApiError(404, error.code, `no profile for customer ${customerId}`, { hints: ['store one with `npx journeys profiles put <file>`'] });
    }
    throw error;
  }
  if (ctx.out.json) return ctx.out.data(profile);
  showProfile(ctx, profile);
}

async function deleteProfile(ctx: CommandContext, customerId: string): Promise<void> {
  await ctx.client.deleteProfile(customerId);
  if (ctx.out.json) return ctx.out.data({ customerId, erased: true });
  // The API answers 204 whether or not the customer existed (erasure is idempotent and tells nothing).
  ctx.out.line(`erased customer ${customerId}: profile and personal data (if there were any)`);
}

function showProfile(ctx: CommandContext, profile: Profile): void {
  const consents = Object.entries(profile.consents ?? {}).map(([topic, consent]) =>
    typeof consent === 'boolean'
      ? `${topic}=${consent ? 'yes' : 'no'}`
      : `${topic}=${Object.entries(consent)
          .map(([channel, allowed]) => `${channel}:${allowed ? 'yes' : 'no'}`)
          .join('/')}`,
  );
  ctx.out.fields([
    ['customer', profile.customerId],
    ['name', profile.name],
    ['email', profile.email ?? '-'],
    ['phone', profile.phone ?? '-'],
    ['push', profile.pushEndpoint ?? '-'],
    ['locale', profile.locale],
    ['time zone', profile.timeZone],
    ['segment', formatPairs(profile.segment)],
    ['consents', consents.length > 0 ? consents.join(', ') : '(none: marketing topics are opt-in)'],
    ['channels', (profile.channelPreferences ?? []).join(' > ')],
    ['lifecycle', profile.lifecycle],
    ['quiet hours', profile.quietHours ? `${profile.quietHours.start}–${profile.quietHours.end}` : undefined],
  ]);
}

function formatPairs(record: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(record ?? {});
  return pairs.length > 0 ? pairs.map(([key, value]) => `${key}=${value}`).join(', ') : '-';
}

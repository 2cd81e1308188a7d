/**
 * `journeys outbox`: the SMS and push notifications the local runtime captured instead of sending (GET /outbox,
 * local only; email goes to the SES inbox on SES_PORT). Newest first; `--customer` filters by the customer's
 * current phone number and push endpoint (the outbox records addresses, not customers).
 */
import { Option, type Command } from 'commander';
import type { CommandContext, ContextFactory } from '../context';
import { formatInstant } from '../format/time';
import { wholeNumber } from '../option-parsers';

export function registerOutbox(program: Command, context: ContextFactory): void {
  program
    .command('outbox')
    .description('SMS and push notifications captured by the local runtime (email: the inbox on SES_PORT)')
    .option('--customer <customerId>', 'only this customer')
    .addOption(new Option('--channel <channel>', 'only SMS or only push').choices(['sms', 'push']))
    .option('--limit <n>', 'how many (1–1000)', wholeNumber(1, 1000), 20)
    .addHelpText('after', '\nExample:\n  $ npx journeys outbox --customer demo-ana')
    .action(async (options: OutboxOptions, command: Command) => outbox(context(command), options));
}

interface OutboxOptions {
  customer?: string;
  channel?: 'sms' | 'push';
  limit: number;
}

async function outbox(ctx: CommandContext, options: OutboxOptions): Promise<void> {
  const entries = await ctx.client.outbox({ customerId: options.customer, channel: options.channel, limit: options.limit });
  if (ctx.out.json) return ctx.out.data({ messages: entries });
  if (entries.length === 0) return ctx.out.line(`the outbox is empty${options.customer ? ` for ${options.customer}` : ''}`);
  ctx.out.table(entries, [
    { header: 'TIME', value: (e) => formatInstant(e.at) },
    { header: 'CHANNEL', value: (e) => e.channel },
    { header: 'TO', value: (e) => e.to },
    { header: 'TEXT', value: (e) => (e.channel === 'push' && e.title ? `${e.title}: ${e.body}` : e.body), flex: true },
  ]);
}

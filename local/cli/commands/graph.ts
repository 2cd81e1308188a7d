/**
 * `journeys graph <journey>`: a Mermaid flowchart of the journey's state machine, from the synthesized definition
 * (offline: no runtime needed, and exactly what would be deployed; see graph/journey-definitions.ts). Paste it
 * into any Mermaid renderer, or a Markdown file between ```mermaid fences. Only the diagram goes to stdout.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { JOURNEYS, type JourneyName } from '../../../functions/domain/model/primitives';
import type { AslStates } from '../../../workflows/graph';
import type { CommandContext, ContextFactory } from '../context';
import { InputError } from '../errors';

export function registerGraph(program: Command, context: ContextFactory): void {
  program
    .command('graph')
    .description(`Mermaid flowchart of a journey's state machine (${JOURNEYS.join(', ')})`)
    .argument('<journey>', JOURNEYS.join(' | '), journeyName)
    .option('--direction <TD|LR>', 'top-down or left-right', direction, 'TD')
    .option('--template <file>', 'a synthesized template to read (default: cdk.out when up to date, else synthesize)')
    .addHelpText('after', '\nExample:\n  $ npx journeys graph onboarding > onboarding.mmd')
    .action(async (journey: JourneyName, options: GraphOptions, command: Command) => graph(context(command), journey, options));
}

interface GraphOptions {
  direction: 'TD' | 'LR';
  template?: string;
}

async function graph(ctx: CommandContext, journey: JourneyName, options: GraphOptions): Promise<void> {
  // Loaded on demand, so the other commands start without the template loader.
  const [{ loadJourneyDefinitions }, { aslToMermaid }] = await Promise.all([import('../graph/journey-definitions'), import('../../../workflows/graph')]);
  const { definitions, source } = await loadJourneyDefinitions({ template: options.template, progress: (line) => ctx.out.progress(line) });
  const text = definitions[journey];
  if (text === undefined) throw new InputError(`${source} has no state machine tagged journeys:journey=${journey}`);
  const definition = JSON.parse(text) as AslStates;
  const mermaid = aslToMermaid(definition, { direction: options.direction });
  if (ctx.out.json) return ctx.out.data({ journey, source, states: Object.keys(definition.States).length, mermaid });
  ctx.out.line(mermaid);
}

function journeyName(value: string): JourneyName {
  if (!(JOURNEYS as readonly string[]).includes(value)) throw new InvalidArgumentError(`Must be one of ${JOURNEYS.join(', ')}.`);
  return value as JourneyName;
}

function direction(value: string): 'TD' | 'LR' {
  const upper = value.toUpperCase();
  if (upper !== 'TD' && upper !== 'LR') throw new InvalidArgumentError('Must be TD or LR.');
  return upper;
}

/**
 * The `journeys` command tree: global options, and one module per command group under commands/. commander
 * writes through the given streams and throws instead of exiting, so the same program runs in a terminal and
 * in-process in tests.
 */
import { Command, Option } from 'commander';
import { registerCrisis } from './commands/crisis';
import { registerDemo } from './commands/demo';
import { registerDlq } from './commands/dlq';
import { registerEvents } from './commands/events';
import { registerFreeze } from './commands/freeze';
import { registerExperiments } from './commands/experiments';
import { registerGraph } from './commands/graph';
import { registerJourneys } from './commands/journeys';
import { registerOutbox } from './commands/outbox';
import { registerProfiles } from './commands/profiles';
import { registerWhy } from './commands/why';
import { createContext, defaultEndpoint } from './context';
import type { CliIo } from './io';
import { httpUrl } from './option-parsers';
import { AUTH_MODES } from './sigv4';

export function buildProgram(io: CliIo): Command {
  const program = new Command('journeys')
    .description('Journeys: send events, manage profiles, switch crisis mode and see why a customer got a message')
    .option('--endpoint <url>', `the Journeys HTTP API (default: ${defaultEndpoint(io.env)}, from $PORT)`, httpUrl)
    .option('--token <token>', 'on-call or ops bearer token for crisis and journey commands (default: $JOURNEYS_ONCALL_TOKEN, then $JOURNEYS_OPS_TOKEN)')
    .addOption(
      new Option('--auth <mode>', 'sign requests with AWS SigV4 (iam), or not (none); auto signs for an execute-api endpoint')
        .choices(AUTH_MODES)
        .default('auto'),
    )
    .option('--region <region>', 'AWS region for --auth iam (default: the endpoint\'s, else $AWS_REGION)')
    .option('--json', 'machine-readable output: one JSON document on stdout')
    .option('--no-color', 'no colours (also when NO_COLOR is set or stdout is not a terminal)')
    // Inherited by every sub-command added below: errors are thrown (main.ts maps them to exit codes) and all
    // output goes through the given streams, never straight to the process.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 invalid input or refused (4xx), 2 usage error, 3 cannot reach the endpoint, 4 server error (5xx).
More: docs/cli.md`,
    );

  const context = (command: Command) => createContext(command, io);
  registerEvents(program, context);
  registerProfiles(program, context);
  registerCrisis(program, context);
  registerWhy(program, context);
  registerOutbox(program, context);
  registerDlq(program, context);
  registerGraph(program, context);
  registerJourneys(program, context);
  registerFreeze(program, context);
  registerDemo(program, context);
  registerExperiments(program, context);
  return program;
}

/**
 * `npm start`: the embedded runtime on this laptop, until Ctrl-C.
 *
 *   npm start [-- --reset] [-- --no-demo] [-- --port 3000]
 *   PORT, SES_PORT, JOURNEYS_TIME_SCALE, JOURNEYS_ONCALL_TOKEN, JOURNEYS_DATA_DIR,
 *   JOURNEYS_POLICY (a policy override: JSON text or the path of a JSON file, as `journeys:policy` in cdk.json)
 *
 * Prints where everything is, the on-call token when it generated one, the executions it restarted; on an empty
 * store it plays the demo (local/cli/demo.ts) unless `--no-demo`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { policyOverrideFrom } from '../functions/domain/policy-override';
import { startRuntime, type Runtime } from './runtime';

interface Flags {
  reset: boolean;
  demo: boolean;
  port?: number;
}

const program = new Command()
  .name('npm start --')
  .description('Runs the Journeys local runtime: HTTP API, email inbox, SMS/push outbox, journeys on a virtual clock')
  .option('--reset', 'wipe the data directory first', false)
  .option('--no-demo', 'do not play the demo on an empty store')
  .option('--port <port>', 'HTTP port (default: $PORT or 3000)', port)
  .parse();

const flags = program.opts<Flags>();
await main(flags);

async function main(flags: Flags): Promise<void> {
  const env = process.env;
  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      port: flags.port ?? optionalNumber('PORT', env.PORT) ?? 3000,
      sesPort: optionalNumber('SES_PORT', env.SES_PORT) ?? 8005,
      timeScale: optionalNumber('JOURNEYS_TIME_SCALE', env.JOURNEYS_TIME_SCALE) ?? 1,
      dataDir: env.JOURNEYS_DATA_DIR || '.journeys',
      reset: flags.reset,
      ...(env.JOURNEYS_ONCALL_TOKEN ? { oncallToken: env.JOURNEYS_ONCALL_TOKEN } : {}),
      ...(env.JOURNEYS_POLICY ? { policy: policyOverrideFrom(env.JOURNEYS_POLICY, 'JOURNEYS_POLICY', (path) => readFileSync(path, 'utf8')) } : {}),
    });
  } catch (error) {
    console.error(`Journeys could not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  printBanner(runtime);
  stopOnSignals(runtime);
  if (flags.demo && runtime.fresh) await playDemo(runtime);
}

function printBanner(runtime: Runtime): void {
  const { startup } = runtime;
  const synth = startup.synthesized ? ` (synthesized the CDK app in ${seconds(startup.synthMs)})` : '';
  const lines = [
    `Journeys local runtime ready in ${seconds(startup.totalMs)}${synth}`,
    `  API            ${runtime.url}`,
    `  Console        ${runtime.url}/console/`,
    `  Email inbox    ${runtime.sesUrl}`,
    `  SMS/push       ${runtime.url}/outbox`,
    `  Dead letters   ${runtime.url}/dlq`,
    `  AWS endpoints  ${runtime.url}  (EventBridge PutEvents, Step Functions; any credentials)`,
    `  Time           ${timeScale(runtime)}; virtual now ${runtime.clock.date().toISOString()}`,
    `  Data           ${runtime.dataDir ?? '(in memory)'}`,
  ];
  if (runtime.oncallTokenGenerated) {
    lines.push(`  On-call token  ${runtime.oncallToken}`, `                 (generated; export JOURNEYS_ONCALL_TOKEN=${runtime.oncallToken} to keep it)`);
  }
  if (runtime.restarted.length > 0) {
    lines.push(`  Restarted ${runtime.restarted.length} execution(s) interrupted by the last stop:`);
    for (const { interrupted, restartedAs } of runtime.restarted) lines.push(`    ${executionName(interrupted)} → ${executionName(restartedAs)}`);
  }
  if (runtime.resumedDeliveries > 0) lines.push(`  Resumed ${runtime.resumedDeliveries} event deliveries interrupted by the last stop`);
  console.log(lines.join('\n'));
}

async function playDemo(runtime: Runtime): Promise<void> {
  const demoPath = fileURLToPath(new URL('./cli/demo.ts', import.meta.url));
  if (!existsSync(demoPath)) {
    console.log('\nThe store is empty. Try: curl -X PUT', `${runtime.url}/profiles/c-1 -H 'content-type: application/json' -d @profile.json`);
    console.log('(the demo, local/cli/demo.ts, is not available in this checkout)');
    return;
  }
  const specifier = new URL('./cli/demo.ts', import.meta.url).href;
  const demo = (await import(specifier)) as {
    runDemo?: (options: { endpoint: string; oncallToken: string; inboxUrl: string; log: (line: string) => void }) => Promise<unknown>;
  };
  if (typeof demo.runDemo !== 'function') {
    console.log('local/cli/demo.ts exports no runDemo(); skipping the demo');
    return;
  }
  try {
    await demo.runDemo({ endpoint: runtime.url, oncallToken: runtime.oncallToken, inboxUrl: runtime.sesUrl, log: (line) => console.log(line) });
  } catch (error) {
    // The runtime keeps serving: a failed demo is worth a message, not an exit.
    console.error(`The demo failed: ${(error as Error).message}`);
  }
}

function stopOnSignals(runtime: Runtime): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error('Forced exit: running executions restart at the next start.');
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping (running journeys restart at the next start)…`);
    runtime.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function timeScale(runtime: Runtime): string {
  if (runtime.clock.mode === 'manual') return 'manual clock';
  const scale = runtime.clock.scale;
  if (scale === 1) return 'real time (JOURNEYS_TIME_SCALE=1)';
  return `×${scale} (a day passes in ${seconds(86_400_000 / scale)}; JOURNEYS_TIME_SCALE=${scale})`;
}

function executionName(arn: string): string {
  return arn.split(':').slice(-2).join(':');
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return parsed;
}

function optionalNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number, got ${value}`);
  return parsed;
}

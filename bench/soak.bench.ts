/**
 * `npm run bench -- soak`: 2,000 customers through 30 virtual days of all four journeys under random faults and
 * restarts (bench/soak.ts), then the figures from the ledger, the inbox and the outbox. Minutes: only when named.
 */
import { fmt, type BenchSection } from './harness';
import { runSoak, type SoakFigures } from './soak';

/**
 * Heap left once the runtime has stopped, above the heap before it started (each after a full collection): the
 * code of the modules a runtime loads on first use (handlers, SDK clients, the engine), about 35 MB, paid once per
 * process. It does not grow with the customers: nothing of a stopped runtime stays reachable.
 */
export const HEAP_AFTER_STOP_BOUND_MB = 64;
/**
 * Heap while running (right after each restart, after a full collection), above the heap before the start. It
 * grows with the executions running — each holds its interpreter state, timers and history until it closes, about
 * 50 kB — plus the modules above and the newest emails of the web inbox (everything else the runtime stores is on
 * disk only). The 2,000-customer soak has up to 1,800 executions running at once: 134 MB above the start.
 */
export const HEAP_RUNNING_BOUND_MB = 192;

export interface SoakBenchOptions {
  customers?: number;
  days?: number;
  restarts?: number;
  stepHours?: number;
  seed?: number;
}

export async function soakBench(options: SoakBenchOptions = {}): Promise<BenchSection> {
  const figures = await runSoak({
    customers: options.customers ?? 2000,
    days: options.days ?? 30,
    seed: options.seed ?? 17,
    restarts: options.restarts ?? 4,
    ...(options.stepHours === undefined ? {} : { stepHours: options.stepHours }),
    log: (line) => process.stderr.write(`  ${line}\n`),
  });
  return { title: `Soak under faults (${fmt(figures.customers)} customers, ${figures.days} virtual days)`, lines: soakLines(figures) };
}

/** `--customers=N --days=N --restarts=N --step-hours=N --seed=N` from the command line (unknown flags are refused). */
export function soakOptions(args: readonly string[]): SoakBenchOptions {
  const names: Record<string, keyof SoakBenchOptions> = { customers: 'customers', days: 'days', restarts: 'restarts', 'step-hours': 'stepHours', seed: 'seed' };
  const options: SoakBenchOptions = {};
  for (const arg of args.filter((a) => a.startsWith('--'))) {
    const [flag = '', value = ''] = arg.slice(2).split('=');
    const name = names[flag];
    const number = Number(value);
    if (!name || !Number.isInteger(number) || number < 0) throw new Error(`soak: unknown option or not a whole number: ${arg} (use ${Object.keys(names).map((n) => `--${n}=N`).join(' ')})`);
    options[name] = number;
  }
  return options;
}

export function soakLines(f: SoakFigures): string[] {
  const faults = Object.entries(f.faultsArmed)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const growth = f.heapMb.after - f.heapMb.before;
  const runningGrowth = Math.max(0, ...f.heapMb.atRestarts.map((mb) => mb - f.heapMb.before));
  return [
    `- ${fmt(f.events)} events (sign-ups, activations, incidents with updates and resolutions, unsubscribes), 2 crises, ${fmt(f.surveysAnswered)} survey links seen (60% answered), ${f.erased} erasures; ${f.wallSeconds} s wall clock`,
    `- faults armed: ${faults} (${fmt(f.faultsFired)} fired); runtime restarted ${f.restarts} times mid-wait; onboarding paused (entries queued) and resumed a day later ${f.pauses} time(s)`,
    `- messages sent: ${fmt(f.sent)}; duplicated: ${f.duplicated} (goal 0)`,
    `- lost: ${f.lostSentWithoutMessage} decided \`sent\` with no message, ${f.lostDueWithoutDecision} due with no decision (goal 0 each); ${f.superseded} deferred messages whose journey ended first (a crisis update past its all-clear, an onboarding message past the activation: superseded, not due)`,
    `- executions: ${Object.entries(f.executions)
      .map(([status, n]) => `${status} ${fmt(n)}`)
      .join(', ')} (ABORTED: interrupted by a runtime restart and resumed as \`…-r<N>\`, or stopped by an erasure); stuck (neither finished nor waiting): ${f.stuck} (goal 0)`,
    `- parked at the end: ${f.parked.messages} messages, ${f.parked.routes} route deliveries; replay: ${f.parked.replayed} replayed, ${f.parked.delivered} delivered, ${f.parked.returned} returned; ${f.parked.left} left after the drain`,
    `- heap after a full collection: ${f.heapMb.before} MB before; ${f.heapMb.atRestarts.join(', ')} MB right after each restart, with ${f.runningAtRestarts.map((n) => fmt(n)).join(', ')} executions running (growth up to ${runningGrowth} MB; bound ${HEAP_RUNNING_BOUND_MB} MB: ${runningGrowth <= HEAP_RUNNING_BOUND_MB ? 'within' : 'EXCEEDED'}); ${f.heapMb.after} MB after the runtime stopped (growth ${growth} MB; bound ${HEAP_AFTER_STOP_BOUND_MB} MB: ${growth <= HEAP_AFTER_STOP_BOUND_MB ? 'within' : 'EXCEEDED'}); open handles ${f.handles.before} before, ${f.handles.after} after (bound: no more than before)`,
    ...(f.duplicateExamples.length > 0 ? [`- duplicate examples: ${f.duplicateExamples.join('; ')}`] : []),
    ...(f.lostExamples.length > 0 ? [`- lost examples: ${f.lostExamples.join('; ')}`] : []),
    ...(f.stuckExamples.length > 0 ? [`- stuck examples: ${f.stuckExamples.join('; ')}`] : []),
  ];
}

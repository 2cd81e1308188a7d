/**
 * `npm run bench -- soak`: 2,000 customers through 30 virtual days of all four journeys under random faults and
 * restarts (bench/soak.ts), then the figures from the ledger, the inbox and the outbox. Minutes: only when named.
 */
import { fmt, type BenchSection } from './harness';
import { runSoak, type SoakFigures } from './soak';

/** Heap growth allowed between the start and the end of the soak (after a full collection each time). */
export const HEAP_GROWTH_BOUND_MB = 256;

export async function soakBench(options: { customers?: number; days?: number } = {}): Promise<BenchSection> {
  const figures = await runSoak({ customers: options.customers ?? 2000, days: options.days ?? 30, seed: 17, restarts: 4, log: (line) => process.stderr.write(`  ${line}\n`) });
  return { title: `Soak under faults (${fmt(figures.customers)} customers, ${figures.days} virtual days)`, lines: soakLines(figures) };
}

export function soakLines(f: SoakFigures): string[] {
  const faults = Object.entries(f.faultsArmed)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const growth = f.heapMb.after - f.heapMb.before;
  return [
    `- ${fmt(f.events)} events (sign-ups, activations, incidents with updates and resolutions, unsubscribes), 2 crises, ${fmt(f.surveysAnswered)} survey links seen (60% answered), ${f.erased} erasures; ${f.wallSeconds} s wall clock`,
    `- faults armed: ${faults} (${fmt(f.faultsFired)} fired); runtime restarted ${f.restarts} times mid-wait; pause/resume not exercised (it does not exist yet)`,
    `- messages sent: ${fmt(f.sent)}; duplicated: ${f.duplicated} (goal 0)`,
    `- lost: ${f.lostSentWithoutMessage} decided \`sent\` with no message, ${f.lostDueWithoutDecision} due with no decision (goal 0 each); ${f.superseded} deferred messages whose journey ended first (a crisis update past its all-clear, an onboarding message past the activation: superseded, not due)`,
    `- executions: ${Object.entries(f.executions)
      .map(([status, n]) => `${status} ${fmt(n)}`)
      .join(', ')} (ABORTED: restarted from the beginning after a runtime restart, or stopped by an erasure); stuck (neither finished nor waiting): ${f.stuck} (goal 0)`,
    `- parked at the end: ${f.parked.messages} messages, ${f.parked.routes} route deliveries; replay: ${f.parked.replayed} replayed, ${f.parked.delivered} delivered, ${f.parked.returned} returned; ${f.parked.left} left after the drain`,
    `- heap after a full collection: ${f.heapMb.before} MB before, ${f.heapMb.after} MB after the runtime stopped (growth ${growth} MB; bound ${HEAP_GROWTH_BOUND_MB} MB: ${growth <= HEAP_GROWTH_BOUND_MB ? 'within' : 'EXCEEDED'}); open handles ${f.handles.before} before, ${f.handles.after} after (bound: no more than before)`,
    ...(f.lostExamples.length > 0 ? [`- lost examples: ${f.lostExamples.join('; ')}`] : []),
    ...(f.stuckExamples.length > 0 ? [`- stuck examples: ${f.stuckExamples.join('; ')}`] : []),
  ];
}

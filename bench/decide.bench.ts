/**
 * Decision engine throughput on a realistic mix: mostly marketing and service messages, a spread of time
 * zones (some in quiet hours), suppressions, ledgers, crises. Baseline: a loop that reads the same inputs and
 * builds a decision-sized object without applying any rule.
 */
import fc from 'fast-check';
import { decide, type DecisionInput } from '../functions/domain';
import { decisionInput } from '../test/support/arbitraries';
import { fmt, measure, type BenchSection, type Throughput } from './harness';

/**
 * Baseline and decide are measured in alternating rounds and each reported as the median round: on a shared
 * machine a burst of someone else's work then lands on both sides instead of on whichever ran at that moment.
 */
export function decideBench(durationMs = 1000, rounds = 5): BenchSection {
  const inputs: DecisionInput[] = fc.sample(decisionInput, { numRuns: 10_000, seed: 42 });
  const baselineOp = (input: DecisionInput) => ({
    messageId: input.message.messageId,
    customerId: input.profile.customerId,
    outcome: input.message.category,
    channel: input.profile.channelPreferences[0] ?? null,
    reasons: [input.message.step],
    at: input.now.toISOString(),
  });
  const subjectOp = (input: DecisionInput) => decide(input);
  const baselineRounds: Throughput[] = [];
  const subjectRounds: Throughput[] = [];
  for (let round = 0; round < rounds; round++) {
    baselineRounds.push(measure(inputs, baselineOp, durationMs));
    subjectRounds.push(measure(inputs, subjectOp, durationMs));
  }
  const baseline = medianRound(baselineRounds);
  const subject = medianRound(subjectRounds);
  const ratios = subjectRounds.map((round, i) => round.opsPerSecond / baselineRounds[i]!.opsPerSecond).sort((a, b) => a - b);

  const outcomes: Record<string, number> = {};
  for (const input of inputs) {
    const outcome = decide(input).outcome;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  const mix = Object.entries(outcomes).map(([k, v]) => `${k} ${fmt((100 * v) / inputs.length, 1)} %`).join(', ');

  return {
    title: 'Decision engine (`decide`)',
    lines: [
      `| | decisions/s | p50 µs | p99 µs |`,
      `|---|---:|---:|---:|`,
      `| baseline loop (no rules) | ${fmt(baseline.opsPerSecond)} | ${fmt(baseline.p50Micros, 2)} | ${fmt(baseline.p99Micros, 2)} |`,
      `| decide | ${fmt(subject.opsPerSecond)} | ${fmt(subject.p50Micros, 2)} | ${fmt(subject.p99Micros, 2)} |`,
      ``,
      `decide / baseline throughput: **${fmt(subject.opsPerSecond / baseline.opsPerSecond, 3)}** (one core; per round ${ratios.map((r) => fmt(r, 2)).join(', ')}). Goal ≥ 500,000 decisions/s: ${subject.opsPerSecond >= 500_000 ? 'met' : 'NOT met'}.`,
      `Medians of ${rounds} alternating rounds of ${fmt(durationMs)} ms each; decide per round: ${subjectRounds.map((round) => fmt(round.opsPerSecond)).join(', ')} decisions/s.`,
      `Input mix: 10,000 generated inputs (seed 42) — outcomes ${mix}.`,
    ],
  };
}

/** The round with the median throughput (its latencies come with it). */
function medianRound(rounds: readonly Throughput[]): Throughput {
  return [...rounds].sort((a, b) => a.opsPerSecond - b.opsPerSecond)[Math.floor(rounds.length / 2)]!;
}

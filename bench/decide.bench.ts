/**
 * Decision engine throughput on a realistic mix: mostly marketing and service messages, a spread of time
 * zones (some in quiet hours), suppressions, ledgers, crises. Baseline: a loop that reads the same inputs and
 * builds a decision-sized object without applying any rule.
 */
import fc from 'fast-check';
import { decide, type DecisionInput } from '../functions/domain';
import { decisionInput } from '../test/support/arbitraries';
import { fmt, measure, type BenchSection } from './harness';

export function decideBench(durationMs = 2000): BenchSection {
  const inputs: DecisionInput[] = fc.sample(decisionInput, { numRuns: 10_000, seed: 42 });
  const baseline = measure(inputs, (input) => ({
    messageId: input.message.messageId,
    customerId: input.profile.customerId,
    outcome: input.message.category,
    channel: input.profile.channelPreferences[0] ?? null,
    reasons: [input.message.step],
    at: input.now.toISOString(),
  }), durationMs);
  const subject = measure(inputs, (input) => decide(input), durationMs);

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
      `decide / baseline throughput: **${fmt(subject.opsPerSecond / baseline.opsPerSecond, 3)}** (one core). Goal ≥ 500,000 decisions/s: ${subject.opsPerSecond >= 500_000 ? 'met' : 'NOT met'}.`,
      `Input mix: 10,000 generated inputs (seed 42) — outcomes ${mix}.`,
    ],
  };
}

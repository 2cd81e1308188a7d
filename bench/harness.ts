/**
 * A small benchmark harness: every figure is reported next to a baseline measured in the same run, because
 * these machines are shared and noisy — ratios travel, absolute numbers do not.
 */
export interface Throughput {
  opsPerSecond: number;
  p50Micros: number;
  p99Micros: number;
  samples: number;
}

/** Runs `op` over the inputs for about `durationMs`, after a warm-up, timing batches and single calls. */
export function measure<T>(inputs: readonly T[], op: (input: T) => unknown, durationMs = 2000): Throughput {
  let sink = 0;
  const consume = (value: unknown) => {
    if (value !== undefined) sink++;
  };
  for (let i = 0; i < 20_000; i++) consume(op(inputs[i % inputs.length]!));

  // Throughput: whole batches, so the clock is read rarely.
  let ops = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(durationMs) * 1_000_000n;
  let now = started;
  while (now < deadline) {
    for (let i = 0; i < 1000; i++) consume(op(inputs[(ops + i) % inputs.length]!));
    ops += 1000;
    now = process.hrtime.bigint();
  }
  const seconds = Number(now - started) / 1e9;

  // Latency: one call at a time (includes ~50 ns of clock reads, the same for baseline and subject).
  const latencies = new Float64Array(Math.min(200_000, inputs.length * 20));
  for (let i = 0; i < latencies.length; i++) {
    const t0 = process.hrtime.bigint();
    consume(op(inputs[i % inputs.length]!));
    latencies[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  latencies.sort();
  if (sink < 0) console.log(sink);
  return {
    opsPerSecond: ops / seconds,
    p50Micros: latencies[Math.floor(latencies.length * 0.5)]!,
    p99Micros: latencies[Math.floor(latencies.length * 0.99)]!,
    samples: latencies.length,
  };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export interface BenchSection {
  title: string;
  /** Markdown lines for docs/performance.md and the console. */
  lines: string[];
}

/**
 * The demo cannot move the runtime's virtual clock; it can only read it (GET /health) and wait. This turns
 * "wait until the journeys reach their next step" into polling with a deadline derived from how much virtual
 * time the step needs at the runtime's time scale, progress lines while it waits, and a clear error when the
 * step never comes. `fits()` lets the demo skip a part that would take too long at a slow scale.
 */
import type { JourneysClient } from '../api-client';
import { CliError } from '../errors';
import { ExitCode } from '../exit-codes';
import { formatInstant } from '../format/time';

export type Probe<T> = () => Promise<{ done: true; value: T } | { done: false; progress: string }>;

export interface DemoClockOptions {
  /** Real milliseconds one wait may take at most (beyond it the part is skipped or the wait fails). */
  maxWaitMs: number;
  /** Real milliseconds allowed for processing on top of the virtual time a step needs. */
  slackMs: number;
  pollMs: number;
  /** How often a long wait logs its progress. */
  progressEveryMs: number;
}

export const DEFAULT_DEMO_CLOCK: DemoClockOptions = { maxWaitMs: 120_000, slackMs: 20_000, pollMs: 250, progressEveryMs: 5_000 };

/** A step the runtime should have reached did not come: the runtime is stuck or misbehaving. */
export class DemoStepTimeout extends CliError {
  readonly exitCode = ExitCode.server;
  readonly code = 'demo_step_timeout';
}

export class DemoClock {
  constructor(
    private readonly client: JourneysClient,
    readonly timeScale: number,
    private readonly log: (line: string) => void,
    private readonly options: DemoClockOptions = DEFAULT_DEMO_CLOCK,
  ) {}

  /** The runtime's virtual now. */
  async now(): Promise<Date> {
    return new Date((await this.client.health()).now);
  }

  /** Real milliseconds that `virtualMs` of virtual time take at this scale. */
  wallMs(virtualMs: number): number {
    return virtualMs / this.timeScale;
  }

  /** Whether a step needing `virtualMs` of virtual time can be waited for within the demo's patience. */
  fits(virtualMs: number): boolean {
    return this.wallMs(virtualMs) + this.options.slackMs <= this.options.maxWaitMs;
  }

  /** Polls `probe` until it is done; allows `virtualMs` of virtual time (timers, quiet hours) plus processing. */
  async until<T>(label: string, probe: Probe<T>, virtualMs = 0): Promise<T> {
    const started = Date.now();
    const deadline = started + Math.min(this.options.maxWaitMs, this.options.slackMs + this.wallMs(virtualMs));
    let lastProgress = started;
    this.log(`  … ${label}`);
    for (;;) {
      const result = await probe();
      if (result.done) {
        this.log(`  ✓ ${label} (${seconds(Date.now() - started)})`);
        return result.value;
      }
      const now = Date.now();
      if (now >= deadline) {
        throw new DemoStepTimeout(`the demo waited ${seconds(now - started)} for "${label}" and it did not happen (${result.progress})`, {
          hints: ['look at the runtime log and GET /dlq; `npx journeys why <customerId>` shows what was decided'],
        });
      }
      if (now - lastProgress >= this.options.progressEveryMs) {
        lastProgress = now;
        this.log(`    still waiting: ${result.progress} (virtual time ${formatInstant((await this.now()).toISOString())})`);
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

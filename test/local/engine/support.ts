/** Helpers shared by the engine tests: fixtures, an engine on a manual clock, full histories. */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStepFunctions, VirtualClock, type HistoryEvent, type LocalLambdaHandler, type LocalStepFunctionsOptions } from '../../../local/engine';

export const START = '2026-11-23T10:00:00.000Z';
export const DAY_MS = 86_400_000;

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, '../../fixtures/asl', name), 'utf8');
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'journeys-engine-'));
}

export interface TestEngine {
  engine: LocalStepFunctions;
  clock: VirtualClock;
  /** Creates the state machine from a fixture and returns its ARN. */
  machine(fixtureName: string, name?: string): Promise<string>;
}

export function testEngine(handlers: Record<string, LocalLambdaHandler> = {}, options: Partial<LocalStepFunctionsOptions> = {}): TestEngine {
  const clock = options.clock ?? VirtualClock.manual(START);
  const engine = new LocalStepFunctions({ handlers, ...options, clock });
  return {
    engine,
    clock,
    machine: async (fixtureName, name) => {
      const created = await engine.createStateMachine({ name: name ?? fixtureName.replace(/\.asl\.json$/, ''), definition: fixture(fixtureName) });
      return created.stateMachineArn;
    },
  };
}

export async function fullHistory(engine: LocalStepFunctions, executionArn: string): Promise<HistoryEvent[]> {
  return (await engine.getExecutionHistory(executionArn, { maxResults: 1000 })).events;
}

export function types(events: HistoryEvent[]): string[] {
  return events.map((event) => event.type ?? '?');
}

/**
 * Resolves when `predicate` holds (for states reached asynchronously). It polls on macrotask turns, then — since the
 * engine's journal writes go through the thread pool, which a loaded machine may not finish within any fixed number
 * of turns — every millisecond; the time bound only ends a wait for something that will never come.
 */
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let turn = 0; ; turn++) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => (turn < 100 ? setImmediate(resolve) : setTimeout(resolve, 1)));
  }
}

export function parse(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text);
}

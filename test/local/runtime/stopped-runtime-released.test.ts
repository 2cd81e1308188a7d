/**
 * A stopped runtime leaves nothing of itself reachable. Handler modules live for the process (like warm Lambdas)
 * and keep the last Lambda context they were given — powertools' idempotency registers it — so anything a context
 * holds outlives the runtime that made it; when a context's `getRemainingTimeInMillis` held the handler catalog,
 * every stopped runtime stayed in the heap with its engine, its inbox and its outbox until the next one replaced
 * the context (the 2,000-customer soak: 193 MB left after the stop, two runtimes' worth while running).
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PROFILE, signedUp, startTestRuntime } from '../../support/runtime';

function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Runs a journey through the idempotent handlers on a runtime, stops it, and answers weak references to its parts. */
async function stoppedRuntime(): Promise<{ engine: WeakRef<object>; outbox: WeakRef<object>; deadLetters: WeakRef<object> }> {
  const runtime = await startTestRuntime({ dataDir: null });
  try {
    expect((await runtime.api('PUT', '/profiles/c-released', { ...PROFILE, customerId: 'c-released' })).status).toBe(200);
    expect((await runtime.api('POST', '/events', signedUp('c-released'))).status).toBe(202);
    await runtime.idle();
    expect((await runtime.inbox.emails()).length).toBe(1);
    return { engine: new WeakRef(runtime.engine), outbox: new WeakRef(runtime.outbox), deadLetters: new WeakRef(runtime.deadLetters) };
  } finally {
    await runtime.stop();
  }
}

describe('a stopped runtime', () => {
  it('is collected: neither its engine nor its outbox nor its dead letters stay reachable', async () => {
    const parts = await stoppedRuntime();
    // The server's last timer (closing idle connections 1 s after the stop) holds its routes until it fires.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    collectGarbage();
    expect({ engine: parts.engine.deref() === undefined, outbox: parts.outbox.deref() === undefined, deadLetters: parts.deadLetters.deref() === undefined }).toEqual({
      engine: true,
      outbox: true,
      deadLetters: true,
    });
  }, 120_000);
});

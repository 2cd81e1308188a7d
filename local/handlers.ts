/**
 * The catalog's Lambda handlers, run in process: each function name (`contracts/functions.ts`) is bound to
 * the `handler` export of its entry module, imported on first use (start-up stays fast, and a function whose module
 * someone has not written yet fails only when called, with a message saying so). Every call gets a Lambda
 * `Context` shaped like the real one, with the catalog's timeout behind `getRemainingTimeInMillis()`.
 *
 * Stopping the runtime drains the calls in flight (`drain`): their contexts report no time left, so a long task
 * (a crisis broadcast page loop) finishes the unit of work it is in and returns instead of being cut off between
 * a provider accepting a message and the send being recorded; then they are awaited, up to a limit.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../contracts/functions';
import { LOCAL_SCOPE, localFunctionArn } from './engine';
import type { LambdaFaults } from './faults';

type Handler = (event: unknown, context: Context) => unknown;

/** The function's module does not exist (yet) or exports no `handler`. */
export class MissingHandlerError extends Error {
  constructor(
    readonly functionName: string,
    detail: string,
  ) {
    super(`The ${functionName} function is not available locally: ${detail}`);
    this.name = 'MissingHandlerError';
  }
}

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}

export class HandlerCatalog {
  readonly #root: string;
  readonly #faults: LambdaFaults | undefined;
  readonly #loaded = new Map<FunctionName, Promise<Handler>>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #returned = new Set<(name: FunctionName, event: unknown) => void>();
  readonly #drain = { draining: false };
  /**
   * What each call's context asks to know whether the runtime is stopping. Built outside any method so that it
   * holds the flag only: handler modules keep the last Lambda context they saw for the process's life (powertools'
   * idempotency config does), and a closure over the catalog would keep the whole stopped runtime with it.
   */
  readonly #stopping = drainingOf(this.#drain);

  /** `faults`: crashes and timeouts injected by reliability tests (faults.ts), for every caller alike. */
  constructor(root: string, faults?: LambdaFaults) {
    this.#root = root;
    this.#faults = faults;
  }

  /** Invokes the function as Lambda would. `engineContext` (from the Step Functions engine) keeps its request id. */
  async invoke(name: FunctionName, event: unknown, engineContext?: Context): Promise<unknown> {
    const handler = await this.load(name);
    const context = lambdaContext(name, FUNCTIONS[name], engineContext?.awsRequestId, this.#stopping);
    const run = async () => handler(event, context);
    const call = this.#faults ? this.#faults.invoke(name, context.awsRequestId, FUNCTIONS[name].timeoutSeconds, run) : run();
    this.#inFlight.add(call);
    try {
      const result = await call;
      for (const listener of this.#returned) listener(name, event);
      return result;
    } finally {
      this.#inFlight.delete(call);
    }
  }

  /** Calls `listener` after each call that returned (the local schedules react to lifecycle changes). */
  onReturned(listener: (name: FunctionName, event: unknown) => void): () => void {
    this.#returned.add(listener);
    return () => this.#returned.delete(listener);
  }

  /** Calls still running. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * Tells the calls in flight that time is up (their contexts' remaining time drops to 0) and waits for them to
   * return, at most `timeoutMs`; resolves with the number still running then.
   */
  async drain(timeoutMs = 30_000): Promise<number> {
    this.#drain.draining = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.#inFlight]), timeout]);
    clearTimeout(timer);
    return this.#inFlight.size;
  }

  load(name: FunctionName): Promise<Handler> {
    let loading = this.#loaded.get(name);
    if (!loading) {
      loading = this.#import(name);
      // A failed import is retried on the next call (the module may be written in the meantime).
      loading.catch(() => this.#loaded.delete(name));
      this.#loaded.set(name, loading);
    }
    return loading;
  }

  /** Imports every existing handler module in the background, so the first request does not pay for it. */
  prewarm(): void {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      if (existsSync(this.#modulePath(name))) this.load(name).catch(() => undefined);
    }
  }

  #modulePath(name: FunctionName): string {
    return join(this.#root, FUNCTIONS[name].entry);
  }

  async #import(name: FunctionName): Promise<Handler> {
    const path = this.#modulePath(name);
    if (!existsSync(path)) throw new MissingHandlerError(name, `${FUNCTIONS[name].entry} does not exist yet`);
    const module = (await import(pathToFileURL(path).href)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new MissingHandlerError(name, `${FUNCTIONS[name].entry} exports no handler function`);
    return module.handler as Handler;
  }
}

function drainingOf(drain: { readonly draining: boolean }): () => boolean {
  return () => drain.draining;
}

/** A Lambda context as the Node.js runtime builds it; the deadline is the function's configured timeout. */
export function lambdaContext(
  name: string,
  spec: Pick<FunctionSpec, 'timeoutSeconds' | 'memoryMb'>,
  requestId: string = randomUUID(),
  stopping: () => boolean = () => false,
): Context {
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  const unsupported = () => {
    throw new Error('callback-style Lambda context methods are not supported; return or throw instead');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(name, LOCAL_SCOPE),
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => (stopping() ? 0 : Math.max(0, deadline - Date.now())),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

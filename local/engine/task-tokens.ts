/**
 * Task tokens of `.waitForTaskToken` tasks, and the answers SendTaskSuccess/Failure/Heartbeat get, as the
 * service gives them:
 * - a string that is not a token at all → `InvalidToken`;
 * - a well-formed token this engine never issued → `TaskDoesNotExist`;
 * - a token whose task is closed (answered already, timed out, its execution stopped or finished, or the engine
 *   restarted since) → `TaskTimedOut` ("Provided task does not exist anymore", the service's message for a token
 *   used twice).
 */
import { randomBytes } from 'node:crypto';
import { InvalidOutput, InvalidToken, TaskDoesNotExist, TaskTimedOut } from './errors';
import type { JsonValue } from './types';

export type TokenOutcome = { kind: 'success'; output: JsonValue } | { kind: 'failure'; error: string; cause: string };

export interface IssuedToken {
  token: string;
  /** Settles with the first SendTaskSuccess/SendTaskFailure; never settles once the token is closed otherwise. */
  outcome: Promise<TokenOutcome>;
  /** Called on every SendTaskHeartbeat while open. */
  onHeartbeat(listener: () => void): void;
  /** Closes the token (task timed out, execution stopped…); later callbacks get TaskTimedOut. */
  close(): void;
}

interface OpenTask {
  executionArn: string;
  stateName: string;
  settle: (outcome: TokenOutcome) => void;
  heartbeatListeners: Array<() => void>;
}

const TOKEN_FORMAT = /^AQ[A-Za-z0-9_-]{64}$/;

export class TaskTokenRegistry {
  readonly #open = new Map<string, OpenTask>();
  readonly #closed = new Set<string>();

  issue(executionArn: string, stateName: string): IssuedToken {
    const token = `AQ${randomBytes(48).toString('base64url')}`;
    let settle: (outcome: TokenOutcome) => void = () => undefined;
    const outcome = new Promise<TokenOutcome>((resolve) => {
      settle = resolve;
    });
    const task: OpenTask = { executionArn, stateName, settle, heartbeatListeners: [] };
    this.#open.set(token, task);
    return {
      token,
      outcome,
      onHeartbeat: (listener) => task.heartbeatListeners.push(listener),
      close: () => this.#close(token),
    };
  }

  succeed(token: unknown, output: unknown): void {
    const parsed = parseOutput(output);
    const task = this.#take(token);
    task.settle({ kind: 'success', output: parsed });
  }

  fail(token: unknown, error?: string, cause?: string): void {
    const task = this.#take(token);
    task.settle({ kind: 'failure', error: error ?? '', cause: cause ?? '' });
  }

  heartbeat(token: unknown): void {
    const task = this.#find(token);
    for (const listener of task.heartbeatListeners) listener();
  }

  /** Closes every open token of an execution (it stopped, failed, timed out or the engine closed). */
  closeExecution(executionArn: string): void {
    for (const [token, task] of this.#open) {
      if (task.executionArn === executionArn) this.#close(token);
    }
  }

  /** A token issued before a restart: known, but its task is gone. */
  markClosed(token: string): void {
    if (!this.#open.has(token)) this.#closed.add(token);
  }

  /** Open tokens, newest last; what a test or the console shows as "waiting for a callback". */
  openTokens(executionArn?: string): Array<{ token: string; executionArn: string; stateName: string }> {
    return [...this.#open]
      .filter(([, task]) => executionArn === undefined || task.executionArn === executionArn)
      .map(([token, task]) => ({ token, executionArn: task.executionArn, stateName: task.stateName }));
  }

  #take(token: unknown): OpenTask {
    const task = this.#find(token);
    this.#close(token as string);
    return task;
  }

  #find(token: unknown): OpenTask {
    if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) throw new InvalidToken("Invalid Token: 'Invalid token'");
    const task = this.#open.get(token);
    if (task) return task;
    if (this.#closed.has(token)) throw new TaskTimedOut("Task Timed Out: 'Provided task does not exist anymore'");
    throw new TaskDoesNotExist('Task does not exist');
  }

  #close(token: string): void {
    if (this.#open.delete(token)) this.#closed.add(token);
  }
}

function parseOutput(output: unknown): JsonValue {
  if (typeof output !== 'string') throw new InvalidOutput('Invalid Output: output must be a JSON string');
  try {
    return JSON.parse(output) as JsonValue;
  } catch {
    throw new InvalidOutput(`Invalid Output: '${output.slice(0, 80)}' is not valid JSON`);
  }
}

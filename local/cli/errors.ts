/**
 * The CLI's failures, each carrying its exit code, so commands only throw and `main.ts` reports them in one place
 * (human text or `--json`).
 */
import type { FieldIssue } from '../../functions/domain/errors';
import { ExitCode } from './exit-codes';

export type { FieldIssue };

export abstract class CliError extends Error {
  abstract readonly exitCode: ExitCode;
  /** Machine-readable, for `--json` error output. */
  abstract readonly code: string;
  readonly issues: readonly FieldIssue[];
  /** Extra lines of advice printed after the message (what to do next). */
  readonly hints: readonly string[];

  constructor(message: string, options: { issues?: readonly FieldIssue[]; hints?: readonly string[] } = {}) {
    super(message);
    this.name = new.target.name;
    this.issues = options.issues ?? [];
    this.hints = options.hints ?? [];
  }
}

/** Bad input caught before anything was sent (a file that does not parse, a field that fails its schema). */
export class InputError extends CliError {
  readonly exitCode = ExitCode.invalid;
  readonly code = 'invalid_input';
}

/** The API answered with an error status (the API's error body). 4xx → exit 1, 5xx → exit 4. */
export class ApiError extends CliError {
  readonly exitCode: ExitCode;
  readonly code: string;
  /** The whole answer, for callers that need more than the error (e.g. `failed` of a 502 from POST /events). */
  readonly body: unknown;

  constructor(
    readonly status: number,
    code: string,
    message: string,
    options: { issues?: readonly FieldIssue[]; hints?: readonly string[]; body?: unknown } = {},
  ) {
    super(message, options);
    this.code = code;
    this.exitCode = status >= 500 ? ExitCode.server : ExitCode.invalid;
    this.body = options.body;
  }
}

/** Nothing answered: the runtime is not started, the URL is wrong, or the network is down. */
export class UnreachableError extends CliError {
  readonly exitCode = ExitCode.unreachable;
  readonly code = 'unreachable';
}

/** Options that cannot work together or lack what they need (found after commander parsed them). */
export class UsageError extends CliError {
  readonly exitCode = ExitCode.usage;
  readonly code = 'usage';
}

/**
 * The exit codes scripts can rely on (docs/cli.md). Kept in one place so every command maps failures the same
 * way: a script can tell "fix your input" from "start the runtime" from "the server is broken".
 */
export const ExitCode = {
  ok: 0,
  /** Invalid input (local validation) or a 4xx answer: fix the request, retrying will not help. */
  invalid: 1,
  /** Usage error: unknown command or option, missing argument (commander). */
  usage: 2,
  /** Nothing answered at the endpoint (connection refused, DNS, timeout). */
  unreachable: 3,
  /** The server answered 5xx: the request may be retried later. */
  server: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * What a CLI run talks to. `main.ts` passes the process's streams; tests pass in-memory ones, so the whole CLI
 * runs in-process with its output captured.
 */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Read by `events send -` and `profiles put -`; defaults to process.stdin. */
  stdin?: AsyncIterable<string | Uint8Array>;
}

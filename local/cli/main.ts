/**
 * Entry point of the `journeys` CLI (bin/journeys.mjs runs `main()`); tests call `runCli` with in-memory streams.
 */
import { CommanderError } from 'commander';
import { resolveGlobals } from './context';
import { ExitCode } from './exit-codes';
import { colorEnabled, palette } from './format/color';
import type { CliIo } from './io';
import { buildProgram } from './program';
import { reportError } from './report-error';

export type { CliIo };
export { ExitCode };

/** Runs one command line (without `node journeys`) and answers its exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    // commander has printed its own message (usage errors), or help/version (exit code 0).
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    const globals = resolveGlobals(program.opts(), io);
    const stderrColor = colorEnabled({ option: program.opts().color !== false, isTTY: io.stderr.isTTY, env: io.env });
    return reportError(error, io.stderr, { json: globals.json, palette: palette(stderrColor), debug: Boolean(io.env.JOURNEYS_DEBUG) });
  }
}

export async function main(): Promise<void> {
  // `journeys why x | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin });
}

/**
 * How a failed command is reported, in one place: the message, every field-level issue on its own line
 * (`data.severity: Invalid option…`) and what to do next — or, with `--json`, one JSON error document — on stderr.
 * Returns the exit code scripts rely on.
 */
import { CliError } from './errors';
import { ExitCode } from './exit-codes';
import type { Palette } from './format/color';
import type { OutputStream } from './io';

export function reportError(error: unknown, stderr: OutputStream, options: { json: boolean; palette: Palette; debug: boolean }): ExitCode {
  if (!(error instanceof CliError)) {
    // A bug, not a user mistake: say so, with the stack when asked for.
    const detail = error instanceof Error ? (options.debug ? (error.stack ?? error.message) : error.message) : String(error);
    if (options.json) stderr.write(`${JSON.stringify({ error: { code: 'internal_error', message: detail } })}\n`);
    else stderr.write(`${options.palette.red('error:')} unexpected failure: ${detail}\n${options.debug ? '' : '(set JOURNEYS_DEBUG=1 for the stack)\n'}`);
    return ExitCode.invalid;
  }
  if (options.json) {
    const status = 'status' in error ? { status: error.status } : {};
    const body = { error: { code: error.code, message: error.message, issues: error.issues, hints: error.hints, exitCode: error.exitCode, ...status } };
    stderr.write(`${JSON.stringify(body)}\n`);
    return error.exitCode;
  }
  const p = options.palette;
  const lines = [`${p.red('error:')} ${error.message}`];
  for (const issue of error.issues) lines.push(`  ${p.bold(issue.path)}: ${issue.message}`);
  for (const hint of error.hints) lines.push(`  ${p.dim(`hint: ${hint}`)}`);
  stderr.write(`${lines.join('\n')}\n`);
  return error.exitCode;
}

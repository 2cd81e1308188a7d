/**
 * Reading the JSON documents commands take (`events send <file|->`, `profiles put <file>`, `--file`), with errors
 * that name the file and the place a JSON syntax error is — before anything is sent. The bytes must be UTF-8 (a
 * lenient decoder would send U+FFFD in place of what the file meant), and objects must not repeat a key, use
 * `__proto__` or nest absurdly deep, as the API requires (domain/json-structure.ts): re-serialising the parsed
 * document would hide the first two from it.
 */
import { readFile } from 'node:fs/promises';
import { jsonStructureIssues } from '../../functions/domain/json-structure';
import { InputError } from './errors';
import type { CliIo } from './io';

export const STDIN = '-';

export async function readJsonInput(source: string, io: Pick<CliIo, 'stdin'>): Promise<unknown> {
  const name = source === STDIN ? 'standard input' : source;
  const text = utf8(name, source === STDIN ? await readAll(io.stdin ?? process.stdin) : await readFileBytes(source));
  if (text.trim() === '') throw new InputError(`${name} is empty: expected a JSON document`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  const issues = jsonStructureIssues(text);
  if (issues.length > 0) throw new InputError(`${name} is not acceptable JSON (${issues[0]!.message}); nothing was sent`, { issues });
  return document;
}

async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new InputError(`cannot read ${path}: ${reason}`);
  }
}

function utf8(name: string, input: Uint8Array | string): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new InputError(`${name} is not valid UTF-8; save it as UTF-8 and try again`);
  }
}

/** Standard input as bytes (strings, from a test's stream, are taken as they are). */
async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<Uint8Array | string> {
  const chunks: Uint8Array[] = [];
  let text = '';
  for await (const chunk of stream) {
    if (typeof chunk === 'string') text += chunk;
    else chunks.push(chunk);
  }
  return chunks.length === 0 ? text : Buffer.concat([Buffer.from(text), ...chunks]);
}

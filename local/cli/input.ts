/**
 * Reading the JSON documents commands take (`events send <file|->`, `profiles put <file>`, `--file`), with errors
 * that name the file and the place a JSON syntax error is — before anything is sent.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from './errors';
import type { CliIo } from './io';

export const STDIN = '-';

export async function readJsonInput(source: string, io: Pick<CliIo, 'stdin'>): Promise<unknown> {
  const name = source === STDIN ? 'standard input' : source;
  const text = source === STDIN ? await readAll(io.stdin ?? process.stdin) : await readFileText(source);
  if (text.trim() === '') throw new InputError(`${name} is empty: expected a JSON document`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
}

async function readFileText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new InputError(`cannot read ${path}: ${reason}`);
  }
}

async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

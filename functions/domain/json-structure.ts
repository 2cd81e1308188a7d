/**
 * What JSON.parse accepts but an API must not: a key repeated in one object, the `__proto__` key, and nesting
 * deeper than any of our documents has (MAX_JSON_DEPTH).
 *
 * - A repeated key is ambiguous: JSON.parse keeps the last value, other parsers (a proxy, a WAF, a log
 *   pipeline) may keep the first, so what was checked and what is stored can differ. RFC 8259 leaves it open;
 *   we refuse it.
 * - `__proto__` is an own property after JSON.parse, but every later `obj[key] = value` (zod's record parsing,
 *   Object.assign) turns it into a prototype change: the key vanished silently from `segment` and `consents`
 *   before this check. Nothing legitimate is called `__proto__`, so it is refused wherever it appears.
 * - Depth: our deepest document is 4 levels (`events[i].data.x`, `consents.topic.channel`); open-ended parts
 *   (`data` of a signed-up event) would otherwise carry thousands of levels into execution inputs and every
 *   recursive walk over them (validation, logging, JSON.stringify in the engine).
 *
 * Runs on text JSON.parse has already accepted (so it needs no error handling of its own), iteratively (a deeply
 * nested document cannot overflow the stack) and in one pass.
 */
import type { FieldIssue } from './errors';

const RESERVED_KEY = '__proto__';
/** Objects and arrays nested deeper than this are refused. */
export const MAX_JSON_DEPTH = 32;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

type Frame = { kind: 'object'; keys: Set<string>; key: string | undefined; expectKey: boolean } | { kind: 'array'; index: number };

/**
 * Issues (path `segment.region`, `events[1].id`, …) for every repeated or reserved key, and the first place
 * nested deeper than MAX_JSON_DEPTH; at most `limit`.
 */
export function jsonStructureIssues(text: string, limit = 20): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: Frame[] = [];
  for (let index = 0; index < text.length && issues.length < limit; ) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        // Decoded, so an escaped spelling ("\u005f_proto__") is the same key.
        const key = JSON.parse(text.slice(index, end)) as string;
        top.expectKey = false;
        top.key = key;
        if (key === RESERVED_KEY) issues.push({ path: pathOf(stack), message: 'a reserved key: "__proto__" is not accepted anywhere' });
        else if (top.keys.has(key)) issues.push({ path: pathOf(stack), message: 'repeats a key of the same object: each key may appear only once' });
        top.keys.add(key);
      }
      index = end;
      continue;
    }
    if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      if (stack.length === MAX_JSON_DEPTH) {
        issues.push({ path: pathOf(stack) || '(root)', message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
        break;
      }
      stack.push(code === 0x7b ? { kind: 'object', keys: new Set(), key: undefined, expectKey: true } : { kind: 'array', index: 0 });
    }
    else if (code === 0x7d /* } */ || code === 0x5d /* ] */) stack.pop();
    else if (code === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      else if (top?.kind === 'array') top.index += 1;
    }
    index += 1;
  }
  return issues;
}

/** The index just after the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  for (;;) {
    const quote = text.indexOf('"', index);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    index = quote + 1;
  }
}

/** The contract's issue path of the value being read: `a.b[2].c` (empty at the top level). */
function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const frame of stack) {
    if (frame.kind === 'array') path += `[${frame.index}]`;
    else if (frame.key !== undefined) path += path === '' ? frame.key : `.${frame.key}`;
  }
  return path;
}

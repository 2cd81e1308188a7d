/**
 * From `crisis declare|update|resolve` flags to the JSON body of PUT/DELETE /crisis. Flags are the quick way for
 * on-call staff at 3 a.m.; `--file` gives a whole body, and flags given with it override its fields.
 *
 *   --message en="Payments are down" --message sk="Platby nefungujú"   → {"en": …, "sk": …}
 *   --affected all                                                       → {"all": true}
 *   --affected region=eu-central,eu-west,plan=pro                        → {"region": ["eu-central", "eu-west"], "plan": ["pro"]}
 *
 * A value without `=` continues the previous key's list, so a list of regions needs no repetition.
 */
import { InputError, type FieldIssue } from '../errors';
import { readJsonInput } from '../input';
import type { CliIo } from '../io';

export interface CrisisFlags {
  severity?: string;
  headline?: string;
  message?: string[];
  affected?: string[];
  statusPage?: string;
  cadence?: number;
  messagesPerDay?: number;
  postmortem?: string;
  file?: string;
  ifMatch?: number;
}

/** The declaration or patch body: `--file` first, then the flags on top. */
export async function crisisBody(flags: CrisisFlags, io: Pick<CliIo, 'stdin'>): Promise<Record<string, unknown>> {
  const body = await fileBody(flags.file, io);
  const issues: FieldIssue[] = [];
  if (flags.severity !== undefined) body.severity = flags.severity;
  if (flags.headline !== undefined) body.headline = flags.headline;
  if (flags.message !== undefined) body.message = { ...(body.message as object | undefined), ...parseMessages(flags.message, issues) };
  if (flags.affected !== undefined) body.affected = parseAudience(flags.affected, issues);
  if (flags.statusPage !== undefined) body.statusPageUrl = flags.statusPage;
  if (flags.cadence !== undefined) body.cadenceMinutes = flags.cadence;
  if (flags.messagesPerDay !== undefined) body.customerMessagesPerDay = flags.messagesPerDay;
  if (issues.length > 0) throw new InputError('invalid crisis options; nothing was sent', { issues });
  return body;
}

/** The resolution body: `{postmortemUrl?, message?}`. */
export async function resolutionBody(flags: CrisisFlags, io: Pick<CliIo, 'stdin'>): Promise<Record<string, unknown>> {
  const body = await fileBody(flags.file, io);
  const issues: FieldIssue[] = [];
  if (flags.postmortem !== undefined) body.postmortemUrl = flags.postmortem;
  if (flags.message !== undefined) body.message = { ...(body.message as object | undefined), ...parseMessages(flags.message, issues) };
  if (issues.length > 0) throw new InputError('invalid crisis options; nothing was sent', { issues });
  return body;
}

async function fileBody(file: string | undefined, io: Pick<CliIo, 'stdin'>): Promise<Record<string, unknown>> {
  if (file === undefined) return {};
  const document = await readJsonInput(file, io);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InputError(`${file} must hold a JSON object (the crisis body)`);
  }
  return { ...(document as Record<string, unknown>) };
}

export function parseMessages(values: readonly string[], issues: FieldIssue[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) {
      issues.push({ path: '--message', message: `"${value}" must be locale=text, e.g. en="Card payments are failing"` });
      continue;
    }
    messages[value.slice(0, at).trim()] = value.slice(at + 1);
  }
  return messages;
}

export function parseAudience(values: readonly string[], issues: FieldIssue[]): Record<string, unknown> {
  const tokens = values.flatMap((value) => value.split(',')).map((token) => token.trim()).filter((token) => token !== '');
  if (tokens.length === 1 && tokens[0] === 'all') return { all: true };
  const match: Record<string, string[]> = {};
  let key: string | undefined;
  for (const token of tokens) {
    const at = token.indexOf('=');
    if (at > 0) {
      key = token.slice(0, at).trim();
      (match[key] ??= []).push(token.slice(at + 1).trim());
    } else if (token === 'all') {
      issues.push({ path: '--affected', message: '"all" cannot be combined with segment matches' });
    } else if (key === undefined) {
      issues.push({ path: '--affected', message: `"${token}" must be all or key=value, e.g. region=eu-central` });
    } else {
      match[key]?.push(token);
    }
  }
  return match;
}

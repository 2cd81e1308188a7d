/**
 * A small client for the HTTP API (docs/api.md), shared by the CLI commands and the demo. It knows the paths and
 * bodies, and turns every failure into a CliError with the right exit code: nothing answered → UnreachableError
 * (exit 3), 4xx → ApiError (exit 1), 5xx → ApiError (exit 4), with the API's field-level issues kept.
 *
 * Response types are the handlers' own (type-only imports), so a change of a body shows up here at compile time.
 */
import type { FieldIssue } from '../../functions/domain/errors';
import type { CrisisAuditEntry, CrisisRecord } from '../../functions/domain/model/crisis';
import type { Decision } from '../../functions/domain/model/message';
import type { Profile } from '../../functions/domain/model/profile';
import type { EventsAnswer } from '../../functions/services/events';
import type { ExecutionSummary } from '../../functions/handlers/api-executions';
import type { StatusBanner } from '../../functions/handlers/api-status';
import type { OutboxEntry } from '../outbox';
import { ApiError, UnreachableError } from './errors';
import type { RequestSigner } from './sigv4';

export type { CrisisAuditEntry, CrisisRecord, Decision, EventsAnswer, ExecutionSummary, OutboxEntry, Profile, StatusBanner };

/** POST /crisis/replay: which broadcast, how many recipients are recorded as failed, and the replay's execution. */
export interface CrisisReplayAnswer {
  replay: { crisisId: string; version: number; kind: 'alert' | 'update' | 'all-clear'; round: number };
  failures: number;
  execution: string | null;
}

export interface Health {
  status: string;
  timeScale: number;
  now: string;
}


export interface JourneysClientOptions {
  /** Base URL, e.g. http://127.0.0.1:3000 (a trailing slash is ignored). */
  endpoint: string;
  /** The on-call bearer token; sent only to the on-call routes (/crisis…). */
  token?: string | undefined;
  /** Per request (default 30 s): a hung server is reported as unreachable rather than waited on for ever. */
  timeoutMs?: number;
  /** Signs every request (SigV4 for a deployed API with IAM authorization; sigv4.ts). */
  sign?: RequestSigner | undefined;
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the on-call token. */
  onCall?: boolean;
  query?: Record<string, string | number | undefined>;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export class JourneysClient {
  readonly endpoint: string;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;
  private readonly sign: RequestSigner | undefined;

  constructor(options: JourneysClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.token = options.token || undefined;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sign = options.sign;
  }

  async health(): Promise<Health> {
    return (await this.request<Health>('GET', '/health')).body;
  }

  async putProfile(customerId: string, profile: unknown): Promise<Profile> {
    return (await this.request<Profile>('PUT', `/profiles/${encodeURIComponent(customerId)}`, { body: profile })).body;
  }

  async getProfile(customerId: string): Promise<Profile> {
    return (await this.request<Profile>('GET', `/profiles/${encodeURIComponent(customerId)}`)).body;
  }

  /** 404 answered as `undefined`: "is this customer known?" is a question, not an error. */
  async findProfile(customerId: string): Promise<Profile | undefined> {
    try {
      return await this.getProfile(customerId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async deleteProfile(customerId: string): Promise<void> {
    await this.request('DELETE', `/profiles/${encodeURIComponent(customerId)}`);
  }

  /** One event, or `{events: [...]}` (≤ 100). */
  async postEvents(body: unknown): Promise<EventsAnswer> {
    return (await this.request<EventsAnswer>('POST', '/events', { body })).body;
  }

  async getCrisis(): Promise<CrisisRecord> {
    return (await this.request<CrisisRecord>('GET', '/crisis')).body;
  }

  /** Declares (no `ifMatch`) or changes (with the version last seen) the crisis. */
  async putCrisis(body: unknown, ifMatch?: number): Promise<CrisisRecord> {
    const headers: Record<string, string> = ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` };
    return (await this.request<CrisisRecord>('PUT', '/crisis', { body, headers, onCall: true })).body;
  }

  async resolveCrisis(body: unknown, ifMatch?: number): Promise<CrisisRecord> {
    const headers: Record<string, string> = ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` };
    return (await this.request<CrisisRecord>('DELETE', '/crisis', { body, headers, onCall: true })).body;
  }

  async crisisAudit(limit?: number): Promise<CrisisAuditEntry[]> {
    return (await this.request<{ entries: CrisisAuditEntry[] }>('GET', '/crisis/audit', { onCall: true, query: { limit } })).body.entries;
  }

  /** Replays a broadcast for its recorded failures (default: the broadcast the crisis record last reported). */
  async replayCrisis(body: { version?: number; kind?: string; round?: number }): Promise<CrisisReplayAnswer> {
    return (await this.request<CrisisReplayAnswer>('POST', '/crisis/replay', { body, onCall: true })).body;
  }

  async status(): Promise<StatusBanner> {
    return (await this.request<StatusBanner>('GET', '/status')).body;
  }

  async answerSurvey(token: string, answer: { score: number; comment?: string }): Promise<{ surveyId: string; score: number }> {
    return (await this.request<{ surveyId: string; score: number }>('POST', `/surveys/${encodeURIComponent(token)}`, { body: answer })).body;
  }

  /** Newest first. */
  async messages(customerId: string, limit?: number): Promise<Decision[]> {
    return (await this.request<{ messages: Decision[] }>('GET', '/messages', { query: { customerId, limit } })).body.messages;
  }

  async executions(customerId: string): Promise<ExecutionSummary[]> {
    return (await this.request<{ executions: ExecutionSummary[] }>('GET', '/executions', { query: { customerId } })).body.executions;
  }

  /** Local runtime only: SMS and push notifications it captured instead of sending. */
  async outbox(query: { customerId?: string | undefined; channel?: 'sms' | 'push' | undefined; limit?: number } = {}): Promise<OutboxEntry[]> {
    return (await this.request<{ messages: OutboxEntry[] }>('GET', '/outbox', { query })).body.messages;
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(this.endpoint + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    // A signed request carries its identity in the signature; the bearer token is the local runtime's.
    const sendsToken = options.onCall === true && this.token !== undefined && this.sign === undefined;
    if (sendsToken) headers.authorization = `Bearer ${this.token}`;
    const body = options.body !== undefined ? JSON.stringify(options.body) : undefined;

    let response: Response;
    try {
      if (this.sign) Object.assign(headers, await this.sign({ method, url, headers, body }));
      response = await fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.unreachable(method, url, error);
    }
    const text = await response.text();
    const answer = parseJson(text);
    if (response.ok) return { status: response.status, body: answer as T, headers: response.headers };
    throw apiError(response.status, answer, text, { onCall: options.onCall === true, sentToken: sendsToken, signed: this.sign !== undefined });
  }

  private unreachable(method: string, url: URL, error: unknown): UnreachableError {
    const reason = describeNetworkError(error, this.timeoutMs);
    return new UnreachableError(`cannot reach the Journeys API at ${this.endpoint} (${reason})`, {
      hints: [`is \`npm start\` running? tried ${method} ${url.href}`, 'point the CLI elsewhere with --endpoint <url> (or PORT for the local port)'],
    });
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; issues?: unknown };
}

interface AuthSent {
  onCall: boolean;
  sentToken: boolean;
  signed: boolean;
}

function apiError(status: number, body: unknown, text: string, auth: AuthSent): ApiError {
  const error = (body as ErrorBody | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message =
    typeof error?.message === 'string' ? error.message : `HTTP ${status}${text ? `: ${text.slice(0, 200).replace(/\s+/g, ' ')}` : ''}`;
  const issues = Array.isArray(error?.issues) ? (error.issues as unknown[]).filter(isFieldIssue) : [];
  // Locally, a 403 to a bearer token means one thing: the token is not this runtime's. The server's sentence names
  // the identity it mapped the token to (an ARN), which tells a newcomer nothing about what to fix.
  if (status === 403 && auth.sentToken) return new ApiError(status, code, WRONG_TOKEN, { hints: [WHERE_THE_TOKEN_IS], body });
  return new ApiError(status, code, message, { issues, hints: hintsFor(status, auth), body });
}

function isFieldIssue(value: unknown): value is FieldIssue {
  return typeof value === 'object' && value !== null && typeof (value as FieldIssue).path === 'string' && typeof (value as FieldIssue).message === 'string';
}

const WRONG_TOKEN = 'the on-call token is wrong: it is not the one this runtime accepts';
const WHERE_THE_TOKEN_IS =
  '`npm start` prints the right one at startup ("On-call token", unless JOURNEYS_ONCALL_TOKEN was set for it): pass it with --token <token> or export JOURNEYS_ONCALL_TOKEN';

function hintsFor(status: number, auth: AuthSent): string[] {
  if (auth.signed && (status === 401 || status === 403)) {
    return [
      'the request was signed (SigV4) with the credentials the AWS credential chain found: check AWS_PROFILE / the assumed role',
      auth.onCall ? 'crisis mode can only be changed with the on-call role (OnCallRole)' : 'the other routes need the OpsRole',
    ];
  }
  if (status === 401 && !auth.sentToken) {
    return ['this needs the on-call token: pass --token <token> or set JOURNEYS_ONCALL_TOKEN (`npm start` prints it when it is not set)'];
  }
  if (status === 401) return ['the on-call token was not accepted: check that it is the one the runtime printed (JOURNEYS_ONCALL_TOKEN)'];
  if (status === 403) return ['the caller is not on call: only the on-call role may change crisis mode'];
  if (status >= 500) return ['the server failed; the request may be retried later (details are in the runtime log)'];
  return [];
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

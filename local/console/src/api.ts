/**
 * The console's calls: the contract's HTTP API, the console helpers under /console/api (local runtime only) and
 * the Step Functions API on the AWS JSON protocol (`POST /` with X-Amz-Target, as the runtime answers it). The
 * on-call token is sent only where it is needed (the crisis changes, the audit, the helpers with customer data).
 */
import { apiBase, token } from './settings';

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** One sentence for the page, issues included. */
  describe(): string {
    const issues = this.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    const hint = this.status === 401 ? ' Sign in with the on-call token.' : this.status === 403 ? ' The token was refused: check it.' : '';
    return `${this.message}${issues ? ` (${issues})` : ''}${hint}`;
  }
}

interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the on-call token. */
  auth?: boolean;
  signal?: AbortSignal;
}

export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.auth && token()) headers.authorization = `Bearer ${token()}`;
  let response: Response;
  try {
    response = await fetch(`${apiBase()}${path}`, {
      method,
      headers,
      cache: 'no-store',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'unreachable', `Cannot reach ${apiBase()}: is the runtime running (npm start), and is the API URL in Settings right?`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; issues?: FieldIssue[] } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `${method} ${path} answered ${response.status}`, error?.issues ?? []);
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

export const get = async <T>(path: string, options: CallOptions = {}): Promise<T> => (await call<T>('GET', path, options)).body;

/** Step Functions on the AWS JSON 1.0 protocol. Locally any (or no) signature is accepted. */
export async function sfn<T>(operation: string, input: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${apiBase()}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
      body: JSON.stringify(input),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'unreachable', `Cannot reach the Step Functions endpoint at ${apiBase()}/`);
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const type = String(body.__type ?? `http_${response.status}`);
    throw new ApiError(response.status, type, `${operation}: ${String(body.message ?? body.Message ?? type)}`);
  }
  return body as T;
}

export const q = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

/**
 * Where the console talks to and who it is: the API base URL (kept in localStorage; default the console's own
 * origin, so a console served by the runtime needs no setting) and the on-call token (sessionStorage only: gone
 * when the tab closes, never in localStorage, never in a URL).
 */
const API_KEY = 'journeys-console.apiBaseUrl';
const TOKEN_KEY = 'journeys-console.oncallToken';

type Listener = () => void;
const listeners = new Set<Listener>();

function storage(kind: 'local' | 'session'): Storage | undefined {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The configured API base URL, or '' for "same origin". */
export function configuredApiBase(): string {
  return storage('local')?.getItem(API_KEY) ?? '';
}

/** The base every request goes to: configured, or the page's origin. */
export function apiBase(): string {
  const configured = configuredApiBase();
  return (configured || window.location.origin).replace(/\/+$/, '');
}

export function setApiBase(value: string): void {
  const trimmed = value.trim().replace(/\/+$/, '');
  if (trimmed) storage('local')?.setItem(API_KEY, trimmed);
  else storage('local')?.removeItem(API_KEY);
  notify();
}

export function token(): string {
  return storage('session')?.getItem(TOKEN_KEY) ?? '';
}

export function setToken(value: string): void {
  const trimmed = value.trim();
  if (trimmed) storage('session')?.setItem(TOKEN_KEY, trimmed);
  else storage('session')?.removeItem(TOKEN_KEY);
  notify();
}

export function signedIn(): boolean {
  return token() !== '';
}

/** Called after any change of the API or the token. */
export function onSettingsChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}

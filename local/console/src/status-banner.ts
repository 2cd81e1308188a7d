/** The console's own status line in the header: GET /status (the public banner), polled, in the snippet's words. */
import { ApiError, get } from './api';
import { bannerView, type StatusLike } from './banner-snippet';
import { byId, h, replace } from './dom';
import { poll } from './poll';

let latest: StatusLike | undefined;
const listeners = new Set<(status: StatusLike) => void>();

export function onStatus(listener: (status: StatusLike) => void): void {
  listeners.add(listener);
  if (latest) listener(latest);
}

/** Polls GET /status for the life of the page (every 5 s; the API caches it for 15 s anyway). */
export function startStatus(): void {
  poll(load, 5_000);
}

export function refreshStatus(): void {
  void load();
}

async function load(): Promise<void> {
  const element = byId('status-banner');
  try {
    latest = await get<StatusLike>('/status');
  } catch (error) {
    element.dataset.mode = 'unknown';
    element.textContent = error instanceof ApiError && error.status === 0 ? 'Status unavailable: the API cannot be reached' : 'Status unavailable';
    return;
  }
  const view = bannerView(latest);
  element.dataset.mode = view.mode;
  element.dataset.tone = view.tone;
  replace(element, h('strong', {}, view.label), view.headline ? `: ${view.headline}` : null);
  for (const listener of listeners) listener(latest);
}

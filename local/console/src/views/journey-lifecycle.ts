/**
 * The journey lifecycle for ops and on-call staff, above the journeys' diagrams: each journey's status (live, paused
 * until…, draining, stopped), its versions with the customers in flight on each, the alias `live`'s routing, and
 * the marketing freeze. Pause/resume and freeze/unfreeze go through the confirmation dialog, which restates what
 * will happen; pausing and freezing need a reason (kept in the audit). All of it is the HTTP API
 * (`GET /journeys/{name}`, `PUT`/`DELETE /journeys/{name}/pause`, `GET`/`PUT`/`DELETE /freeze`) with the on-call
 * token: those routes answer ops and on-call callers only.
 */
import { ApiError, call, get } from '../api';
import { authStatus, tokenForm } from '../auth';
import { confirmAction } from '../confirm';
import { badge, byId, h, notice, replace, time } from '../dom';
import { poll } from '../poll';
import { signedIn } from '../settings';

type JourneyStatus = 'running' | 'paused' | 'draining' | 'stopped';

interface JourneyLifecycle {
  name: string;
  status: JourneyStatus;
  version: number;
  routing: Array<{ version: number; weight: number }>;
  inFlight: Record<string, number>;
  versions?: Array<{ version: number; createdAt: string; inFlight: number }>;
  pause?: { until: string; entries: 'queue' | 'drop'; reason: string; by: string; at: string };
  stop?: { mode: 'drain' | 'now'; reason: string; by: string; at: string };
}

interface Freeze {
  active: boolean;
  until?: string;
  reason?: string;
  by?: string;
}

const HOUR = 3_600_000;
/** How long a pause or freeze lasts; the longest (14 days) is the API's default, so it sends no `until`. */
const DURATIONS: Array<{ label: string; ms?: number }> = [
  { label: '1 hour', ms: HOUR },
  { label: '1 day', ms: 24 * HOUR },
  { label: '3 days', ms: 72 * HOUR },
  { label: '7 days', ms: 168 * HOUR },
  { label: '14 days (the longest)' },
];
const STATUS_TONE: Record<JourneyStatus, string> = { running: 'ok', paused: 'warn', draining: 'info', stopped: 'bad' };

let lifecyclePoll: ReturnType<typeof poll> | undefined;
/** Per journey (and `freeze`): what its switch was built for, so a poll does not wipe a reason being typed. */
const switchesFor = new Map<string, string>();

export function showLifecycle(): void {
  renderAuth();
  if (signedIn()) lifecyclePoll ??= poll(refreshLifecycle, 3_000);
}

export function hideLifecycle(): void {
  lifecyclePoll?.stop();
  lifecyclePoll = undefined;
}

/** Sign-in or sign-out: the lifecycle appears (on the Journeys tab, when `visible`) or goes. */
export function refreshLifecycleAuth(visible: boolean): void {
  hideLifecycle();
  switchesFor.clear();
  replace(byId('journeys-lifecycle'));
  if (visible) showLifecycle();
  else renderAuth();
}

function renderAuth(): void {
  replace(byId('journeys-lifecycle-auth'), signedIn() ? authStatus() : tokenForm('Journey status, versions and routing, and the pause and freeze switches, need the on-call token.'));
}

async function refreshLifecycle(): Promise<void> {
  const message = byId('journeys-lifecycle-notice');
  try {
    const { journeys } = await get<{ journeys: JourneyLifecycle[] }>('/journeys', { auth: true });
    const [detailed, freeze] = await Promise.all([
      Promise.all(journeys.map((journey) => get<JourneyLifecycle>(`/journeys/${encodeURIComponent(journey.name)}`, { auth: true }))),
      get<Freeze>('/freeze', { auth: true }),
    ]);
    notice(message, '');
    render(detailed, freeze);
  } catch (error) {
    notice(message, error instanceof ApiError ? error.describe() : String(error), 'error');
  }
}

function render(journeys: JourneyLifecycle[], freeze: Freeze): void {
  const host = byId('journeys-lifecycle');
  if (!host.querySelector('#lifecycle-freeze')) {
    replace(
      host,
      h('section', { class: 'card', id: 'lifecycle-freeze', 'aria-labelledby': 'lifecycle-freeze-title' }, h('h3', { id: 'lifecycle-freeze-title' }, 'Marketing freeze'), h('div', { class: 'lifecycle-facts' }), h('div', { class: 'lifecycle-switch' })),
      h('div', { id: 'lifecycle-journeys', class: 'lifecycle-journeys' }),
    );
  }
  renderFreeze(host.querySelector<HTMLElement>('#lifecycle-freeze') as HTMLElement, freeze);
  const list = byId('lifecycle-journeys');
  for (const journey of journeys) {
    let card = list.querySelector<HTMLElement>(`[data-journey="${CSS.escape(journey.name)}"]`);
    if (!card) {
      card = h(
        'section',
        { class: 'card lifecycle-journey', 'data-journey': journey.name, id: `lifecycle-${journey.name}`, 'aria-labelledby': `lifecycle-${journey.name}-title` },
        h('h3', { id: `lifecycle-${journey.name}-title` }, journey.name),
        h('div', { class: 'lifecycle-facts' }),
        h('div', { class: 'lifecycle-switch' }),
      );
      list.append(card);
    }
    renderJourney(card, journey);
  }
}

// ── Journeys ─────────────────────────────────────────────────────────────────────────────────────────

function statusText(journey: JourneyLifecycle): string {
  switch (journey.status) {
    case 'running':
      return 'live';
    case 'paused':
      return `paused until ${journey.pause ? formatInstant(journey.pause.until) : '…'}`;
    default:
      return journey.status;
  }
}

function renderJourney(card: HTMLElement, journey: JourneyLifecycle): void {
  card.dataset.status = journey.status;
  const versions = journey.versions ?? Object.entries(journey.inFlight).map(([version, inFlight]) => ({ version: Number(version), createdAt: '', inFlight }));
  const routing = journey.routing.map((route) => `v${route.version} ${route.weight} %`).join(', ');
  replace(
    card.querySelector('.lifecycle-facts') as HTMLElement,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Status'),
      h('dd', {}, badge(statusText(journey), STATUS_TONE[journey.status] ?? 'info')),
      journey.pause ? [h('dt', {}, 'Paused'), h('dd', { class: 'lifecycle-why' }, `${journey.pause.entries === 'queue' ? 'new entries queued' : 'new entries dropped'}; by ${journey.pause.by}: ${journey.pause.reason}`)] : null,
      journey.stop ? [h('dt', {}, 'Stopped'), h('dd', { class: 'lifecycle-why' }, `${journey.stop.mode === 'drain' ? 'draining' : 'stopped now'}; by ${journey.stop.by}: ${journey.stop.reason}`)] : null,
      h('dt', {}, 'Routing (alias live)'),
      h('dd', { class: 'lifecycle-routing' }, routing || '–'),
    ),
    h(
      'table',
      { class: 'data-table compact lifecycle-versions' },
      h('caption', {}, `${journey.name}: versions and customers in flight`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Published'), h('th', { scope: 'col', class: 'num' }, 'In flight'))),
      h(
        'tbody',
        {},
        versions.map((version) =>
          h('tr', { 'data-version': version.version }, h('th', { scope: 'row' }, `v${version.version}`), h('td', {}, version.createdAt ? time(version.createdAt) : '–'), h('td', { class: 'num in-flight' }, version.inFlight)),
        ),
      ),
    ),
  );
  const key = `${journey.status}:${journey.pause?.until ?? ''}`;
  if (switchesFor.get(journey.name) === key) return;
  switchesFor.set(journey.name, key);
  const host = card.querySelector('.lifecycle-switch') as HTMLElement;
  if (journey.status === 'running') replace(host, pauseForm(journey));
  else if (journey.status === 'paused') replace(host, resumeButton(journey));
  // Draining or stopped: resuming reopens it (DELETE pause), stopping is the CLI's (`journeys stop`).
  else replace(host, resumeButton(journey));
}

function pauseForm(journey: JourneyLifecycle): HTMLElement {
  const id = (name: string) => `lifecycle-${journey.name}-${name}`;
  const reason = h('input', { id: id('reason'), type: 'text', maxlength: 500, autocomplete: 'off', required: true, 'aria-describedby': id('reason-hint') });
  const duration = durationSelect(id('for'));
  const entries = h('select', { id: id('entries') }, h('option', { value: 'queue' }, 'queued, started on resume'), h('option', { value: 'drop' }, 'dropped, reason recorded'));
  const message = h('p', { class: 'notice', role: 'status', hidden: true });
  const form = h(
    'form',
    { class: 'lifecycle-form', id: id('pause-form'), 'aria-label': `Pause ${journey.name}`, novalidate: true },
    h('div', { class: 'field' }, h('label', { for: id('reason') }, `Reason for pausing ${journey.name}`), reason, h('p', { class: 'hint', id: id('reason-hint') }, 'Required: shown on the journey and kept in the audit.')),
    h('div', { class: 'inline-form' }, h('div', { class: 'field' }, h('label', { for: id('for') }, 'Pause for'), duration), h('div', { class: 'field' }, h('label', { for: id('entries') }, 'New entries'), entries)),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, `Pause ${journey.name}…`)),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const why = reason.value.trim();
    if (!why) {
      notice(message, 'Give a reason: it is shown on the journey and kept in the audit.', 'error');
      reason.focus();
      return;
    }
    const choice = DURATIONS[Number(duration.value)] ?? DURATIONS[DURATIONS.length - 1];
    const until = await untilFor(choice?.ms);
    const inFlight = Object.values(journey.inFlight).reduce((sum, n) => sum + n, 0);
    const confirmed = await confirmAction({
      title: `Pause ${journey.name}?`,
      body: [
        h('p', { 'data-confirm': 'what' }, `${journey.name} will be paused until ${until ? formatInstant(until) : '14 days from now'} (it ends by itself then).`),
        h('p', { 'data-confirm': 'entries' }, entries.value === 'queue' ? 'New entries are queued and start once each, in order, on resume.' : 'New entries are dropped, with the reason recorded.'),
        h('p', { 'data-confirm': 'held' }, `Messages of the ${inFlight} customer${inFlight === 1 ? '' : 's'} in flight are held until resume.`),
        h('p', { 'data-confirm': 'reason' }, `Reason: ${why}`),
      ],
      confirmLabel: `Pause ${journey.name}`,
      tone: 'danger',
    });
    if (!confirmed) return;
    await change(message, 'PUT', `/journeys/${encodeURIComponent(journey.name)}/pause`, { entries: entries.value, reason: why, ...(until ? { until } : {}) }, `${journey.name} paused.`);
  });
  return form;
}

function resumeButton(journey: JourneyLifecycle): HTMLElement {
  const message = h('p', { class: 'notice', role: 'status', hidden: true });
  const label = journey.status === 'paused' ? `Resume ${journey.name}…` : `Reopen ${journey.name}…`;
  const onClick = async () => {
    const confirmed = await confirmAction({
      title: `${journey.status === 'paused' ? 'Resume' : 'Reopen'} ${journey.name}?`,
      body: [
        h('p', { 'data-confirm': 'what' }, `${journey.name} runs again: new entries start${journey.pause?.entries === 'queue' ? ', the queued entries start once each, in order' : ''}, and the messages held by the pause go out (once each) within a minute.`),
      ],
      confirmLabel: journey.status === 'paused' ? `Resume ${journey.name}` : `Reopen ${journey.name}`,
      tone: 'primary',
    });
    if (!confirmed) return;
    await change(message, 'DELETE', `/journeys/${encodeURIComponent(journey.name)}/pause`, undefined, `${journey.name} resumed.`);
  };
  return h('div', { class: 'lifecycle-form' }, h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'primary', onclick: onClick }, label)), message);
}

// ── Freeze ───────────────────────────────────────────────────────────────────────────────────────────

function renderFreeze(card: HTMLElement, freeze: Freeze): void {
  card.dataset.frozen = String(freeze.active);
  replace(
    card.querySelector('.lifecycle-facts') as HTMLElement,
    h(
      'p',
      { class: 'lifecycle-freeze-status' },
      freeze.active
        ? [badge('frozen', 'warn'), ` every journey's marketing messages are held until ${formatInstant(freeze.until ?? '')}; by ${freeze.by ?? '?'}: ${freeze.reason ?? ''}`]
        : [badge('not frozen', 'ok'), ' marketing messages go out as decided. Transactional and service messages are never held by a freeze.'],
    ),
  );
  const key = `${freeze.active}:${freeze.until ?? ''}`;
  if (switchesFor.get('freeze') === key) return;
  switchesFor.set('freeze', key);
  replace(card.querySelector('.lifecycle-switch') as HTMLElement, freeze.active ? unfreezeButton() : freezeForm());
}

function freezeForm(): HTMLElement {
  const reason = h('input', { id: 'lifecycle-freeze-reason', type: 'text', maxlength: 500, autocomplete: 'off', required: true, 'aria-describedby': 'lifecycle-freeze-reason-hint' });
  const duration = durationSelect('lifecycle-freeze-for');
  const message = h('p', { class: 'notice', role: 'status', hidden: true });
  const form = h(
    'form',
    { class: 'lifecycle-form', id: 'lifecycle-freeze-form', 'aria-label': 'Freeze all marketing', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'lifecycle-freeze-reason' }, 'Reason for freezing marketing'), reason, h('p', { class: 'hint', id: 'lifecycle-freeze-reason-hint' }, 'Required: kept in the audit.')),
    h('div', { class: 'field' }, h('label', { for: 'lifecycle-freeze-for' }, 'Freeze for'), duration),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Freeze marketing…')),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const why = reason.value.trim();
    if (!why) {
      notice(message, 'Give a reason: it is kept in the audit.', 'error');
      reason.focus();
      return;
    }
    const until = await untilFor(DURATIONS[Number(duration.value)]?.ms);
    const confirmed = await confirmAction({
      title: 'Freeze all marketing?',
      body: [
        h('p', { 'data-confirm': 'what' }, `Every journey's marketing messages are held until ${until ? formatInstant(until) : '14 days from now'} (it ends by itself then). Transactional and service messages still go out.`),
        h('p', { 'data-confirm': 'reason' }, `Reason: ${why}`),
      ],
      confirmLabel: 'Freeze marketing',
      tone: 'danger',
    });
    if (!confirmed) return;
    await change(message, 'PUT', '/freeze', { reason: why, ...(until ? { until } : {}) }, 'Marketing frozen.');
  });
  return form;
}

function unfreezeButton(): HTMLElement {
  const message = h('p', { class: 'notice', role: 'status', hidden: true });
  const onClick = async () => {
    const confirmed = await confirmAction({
      title: 'Unfreeze marketing?',
      body: [h('p', { 'data-confirm': 'what' }, 'Marketing messages go out again; the messages the freeze held go out (once each) within a minute.')],
      confirmLabel: 'Unfreeze marketing',
      tone: 'primary',
    });
    if (!confirmed) return;
    await change(message, 'DELETE', '/freeze', undefined, 'Marketing unfrozen.');
  };
  return h('div', { class: 'lifecycle-form' }, h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'primary', onclick: onClick }, 'Unfreeze marketing…')), message);
}

// ── Shared ───────────────────────────────────────────────────────────────────────────────────────────

function durationSelect(id: string): HTMLSelectElement {
  return h('select', { id }, DURATIONS.map((duration, index) => h('option', { value: index, selected: index === 1 }, duration.label)));
}

/**
 * The end of a pause or freeze `ms` from the runtime's clock (`GET /health`, which may be virtual), as the CLI
 * computes `--for`; this browser's clock where there is none (a deployed API). No `ms`: the API's default, 14 days.
 */
async function untilFor(ms: number | undefined): Promise<string | undefined> {
  if (ms === undefined) return undefined;
  let now = Date.now();
  try {
    now = Date.parse((await get<{ now: string }>('/health')).now);
  } catch {
    // A deployed API has no /health.
  }
  return new Date(now + ms).toISOString();
}

async function change(message: HTMLElement, method: string, path: string, body: unknown, done: string): Promise<void> {
  notice(message, 'Working…');
  try {
    await call(method, path, { auth: true, ...(body !== undefined ? { body } : {}) });
    notice(message, done, 'success');
    await lifecyclePoll?.now();
  } catch (error) {
    notice(message, error instanceof ApiError ? error.describe() : String(error), 'error');
  }
}

function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
}

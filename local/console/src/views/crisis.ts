/**
 * Crisis mode for on-call staff: the current record and its broadcast's progress (GET /crisis, live), declare /
 * update / resolve (PUT and DELETE /crisis with If-Match) — each through a confirmation dialog that restates
 * severity, audience (with its size) and message — the playbook's guidance per severity, and the audit trail.
 */
import { DEFAULT_POLICY, type Policy } from '../../../../functions/domain/policy';
import { ApiError, call, get, q } from '../api';
import { describeAudience, formatSegmentMatch, isEveryone, parseSegmentMatch, type AudienceValue } from '../audience';
import { authStatus, tokenForm } from '../auth';
import { confirmAction } from '../confirm';
import { badge, byId, h, notice, replace, time } from '../dom';
import { poll } from '../poll';
import { signedIn } from '../settings';
import { refreshStatus } from '../status-banner';

type Severity = 'sev1' | 'sev2' | 'sev3';
const SEVERITIES: Severity[] = ['sev1', 'sev2', 'sev3'];
const LOCALES = ['en', 'sk', 'cs', 'hu'] as const;

interface Broadcast {
  messageVersion: number;
  kind: string;
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  remaining: number;
  startedAt: string;
  finishedAt?: string;
}

interface CrisisRecord {
  active: boolean;
  id?: string;
  version?: number;
  severity?: Severity;
  headline?: string;
  message?: Record<string, string>;
  affected?: AudienceValue;
  statusPageUrl?: string;
  cadenceMinutes?: number;
  declaredAt?: string;
  declaredBy?: string;
  updatedAt?: string;
  updatedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  postmortemUrl?: string;
  broadcast?: Broadcast;
}

interface AuditEntry {
  version: number;
  previousVersion: number;
  action: string;
  actor: string;
  at: string;
  change: unknown;
}

let record: CrisisRecord | undefined;
/**
 * The effective crisis playbook — the deployment's policy override applied — which the local runtime serves at
 * `GET /console/api`; the default policy's only where no runtime answers (a console pointed at a deployed API).
 */
let effectivePlaybook: Policy['crisisPlaybook'] = DEFAULT_POLICY.crisisPlaybook;
let playbookLoaded = false;
/** What the action forms were built for: rebuilt only when the crisis changes (not on every poll). */
let formsFor: string | undefined;
let crisisPoll: ReturnType<typeof poll> | undefined;
let auditPoll: ReturnType<typeof poll> | undefined;

export function showCrisis(): void {
  crisisPoll ??= poll(refreshCrisis, 2_000);
  renderAuth();
  if (signedIn()) auditPoll ??= poll(refreshAudit, 10_000);
}

export function hideCrisis(): void {
  crisisPoll?.stop();
  crisisPoll = undefined;
  auditPoll?.stop();
  auditPoll = undefined;
}

/** Sign-in or sign-out: the actions and the audit appear or go. */
export function refreshCrisisAuth(): void {
  formsFor = undefined;
  renderAuth();
  renderActions();
  auditPoll?.stop();
  auditPoll = undefined;
  if (signedIn() && crisisPoll) auditPoll = poll(refreshAudit, 10_000);
  if (!signedIn()) replace(byId('crisis-audit'));
}

async function loadPlaybook(): Promise<void> {
  if (playbookLoaded) return;
  try {
    const answer = await get<{ playbook?: Policy['crisisPlaybook'] }>('/console/api');
    if (answer.playbook) effectivePlaybook = answer.playbook;
    playbookLoaded = true;
  } catch {
    // Not a local runtime: the default playbook's guidance and cadence, as before.
  }
}

async function refreshCrisis(): Promise<void> {
  try {
    await loadPlaybook();
    record = await get<CrisisRecord>('/crisis');
  } catch (error) {
    replace(byId('crisis-current'), h('p', { class: 'notice', 'data-kind': 'error' }, error instanceof ApiError ? error.describe() : String(error)));
    return;
  }
  renderCurrent();
  const key = `${record.active}:${record.version ?? 0}`;
  if (key !== formsFor) renderActions();
}

function renderAuth(): void {
  replace(
    byId('crisis-auth'),
    signedIn() ? authStatus() : tokenForm('Declaring, updating and resolving a crisis, and reading its audit trail, need the on-call token.'),
  );
}

function renderCurrent(): void {
  const r = record;
  if (!r) return;
  const rows: (HTMLElement | HTMLElement[])[] = [];
  const fact = (name: string, value: Node | string | undefined | null | (Node | string)[]) =>
    value === undefined || value === null || value === '' ? [] : [h('dt', {}, name), h('dd', {}, ...(Array.isArray(value) ? value : [value]))];
  if (r.active) {
    rows.push(
      fact('Severity', [badge((r.severity ?? '').toUpperCase(), r.severity ?? 'sev1'), ' ', effectivePlaybook[r.severity ?? 'sev1']?.guidance ?? '']),
      fact('Headline', r.headline),
      fact('Affected', describeAudience(r.affected)),
      fact('Status page', r.statusPageUrl ? h('a', { href: r.statusPageUrl, rel: 'noopener noreferrer', target: '_blank' }, r.statusPageUrl) : undefined),
      fact('Updates every', r.cadenceMinutes ? `${r.cadenceMinutes} minutes` : undefined),
      fact('Declared', [time(r.declaredAt), ' by ', actorLabel(r.declaredBy)]),
      fact('Last change', [time(r.updatedAt), ' by ', actorLabel(r.updatedBy), ` (version ${r.version ?? '?'})`]),
    );
  } else if (r.resolvedAt) {
    rows.push(
      fact('Last crisis', [badge((r.severity ?? '').toUpperCase() || 'crisis', 'muted'), ' ', r.headline ?? '']),
      fact('Resolved', [time(r.resolvedAt), ' by ', actorLabel(r.resolvedBy)]),
      fact('Post-mortem', r.postmortemUrl ? h('a', { href: r.postmortemUrl, rel: 'noopener noreferrer', target: '_blank' }, r.postmortemUrl) : undefined),
    );
  }
  replace(
    byId('crisis-current'),
    h(
      'section',
      { class: `card crisis-card ${r.active ? 'crisis-active' : 'crisis-normal'}`, 'aria-labelledby': 'crisis-mode-title', id: 'crisis-mode', 'data-mode': r.active ? 'crisis' : 'normal' },
      h('h3', { id: 'crisis-mode-title' }, r.active ? `Crisis mode: ${(r.severity ?? '').toUpperCase()} — ${r.headline ?? ''}` : 'Normal operation: no active crisis'),
      rows.length > 0 ? h('dl', { class: 'facts' }, ...rows.flat()) : null,
      r.broadcast ? broadcastProgress(r.broadcast) : null,
    ),
  );
}

function broadcastProgress(b: Broadcast): HTMLElement {
  const done = b.sent + b.failed + b.skipped;
  const label = `${b.kind} broadcast (message version ${b.messageVersion}): ${b.sent} sent, ${b.failed} failed, ${b.skipped} skipped, ${b.remaining} remaining of ${b.total}`;
  return h(
    'div',
    { class: 'broadcast', id: 'broadcast' },
    h('h4', {}, b.finishedAt ? 'Last broadcast' : 'Broadcast in progress'),
    h('progress', { max: String(Math.max(1, b.total)), value: String(b.total === 0 ? 1 : done), 'aria-label': label }),
    h('p', { class: 'broadcast-text' }, label, b.finishedAt ? ['; finished ', time(b.finishedAt)] : ['; started ', time(b.startedAt)]),
  );
}

function renderActions(): void {
  const host = byId('crisis-actions');
  if (!signedIn() || !record) {
    replace(host);
    return;
  }
  formsFor = `${record.active}:${record.version ?? 0}`;
  replace(host, record.active ? [crisisForm('update', record), resolveForm(record)] : crisisForm('declare', undefined));
}

// ── Declare / update ─────────────────────────────────────────────────────────────────────────────────

function crisisForm(mode: 'declare' | 'update', current: CrisisRecord | undefined): HTMLElement {
  const prefix = `crisis-${mode}`;
  const id = (name: string) => `${prefix}-${name}`;
  const formNotice = h('p', { class: 'notice', role: 'status', hidden: true, id: id('notice') });
  const severity = current?.severity ?? 'sev2';
  const severityField = h(
    'fieldset',
    { class: 'severity-field' },
    h('legend', {}, 'Severity'),
    SEVERITIES.map((sev) => {
      const playbook = effectivePlaybook[sev];
      return h(
        'div',
        { class: `severity-option severity-${sev}` },
        h('input', { type: 'radio', name: id('severity'), id: id(sev), value: sev, checked: sev === severity, 'aria-describedby': id(`${sev}-guidance`) }),
        h('label', { for: id(sev) }, h('strong', {}, sev.toUpperCase())),
        h('p', { id: id(`${sev}-guidance`), class: 'guidance' }, playbook.guidance, ' ', h('span', { class: 'hint' }, `Channels: ${playbook.channels.join(' › ')}; updates every ${playbook.cadenceMinutes} min${playbook.breaksQuietHours ? '; breaks quiet hours' : ''}.`)),
      );
    }),
  );
  const text = (name: string, label: string, attrs: Record<string, string | boolean | number | undefined>, hint?: string) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id(name) }, label),
      h('input', { id: id(name), name, ...attrs, ...(hint ? { 'aria-describedby': id(`${name}-hint`) } : {}) }),
      hint ? h('p', { class: 'hint', id: id(`${name}-hint`) }, hint) : null,
    );
  const everyone = current?.affected === undefined || isEveryone(current.affected);
  const audienceCount = h('output', { id: id('audience-count'), class: 'audience-count', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card crisis-form', id: id('form'), 'aria-labelledby': id('title'), novalidate: true },
    h('h3', { id: id('title') }, mode === 'declare' ? 'Declare a crisis' : `Update the crisis (version ${current?.version ?? '?'})`),
    mode === 'update' ? h('p', { class: 'hint' }, 'Change any field; an update broadcast goes to the audience when the message changes.') : null,
    severityField,
    text('headline', 'Headline (shown on the status banner)', { type: 'text', required: mode === 'declare', minlength: 3, maxlength: 120, value: current?.headline ?? '', autocomplete: 'off' }),
    h(
      'div',
      { class: 'field' },
      h('label', { for: id('message-en') }, 'Message to customers (English, the fallback for every language)'),
      h('textarea', { id: id('message-en'), rows: 3, maxlength: 1000, required: mode === 'declare' }, current?.message?.en ?? ''),
    ),
    h(
      'details',
      { class: 'translations', open: !!current?.message && Object.keys(current.message).length > 1 },
      h('summary', {}, 'Translations (optional)'),
      LOCALES.filter((l) => l !== 'en').map((locale) =>
        h('div', { class: 'field' }, h('label', { for: id(`message-${locale}`) }, `Message (${locale})`), h('textarea', { id: id(`message-${locale}`), rows: 2, maxlength: 1000 }, current?.message?.[locale] ?? '')),
      ),
    ),
    h(
      'fieldset',
      { class: 'audience-field' },
      h('legend', {}, 'Audience'),
      h('div', { class: 'radio' }, h('input', { type: 'radio', name: id('audience'), id: id('audience-all'), value: 'all', checked: everyone }), h('label', { for: id('audience-all') }, 'All customers')),
      h(
        'div',
        { class: 'radio' },
        h('input', { type: 'radio', name: id('audience'), id: id('audience-segment'), value: 'segment', checked: !everyone }),
        h('label', { for: id('audience-segment') }, 'Customers in segments'),
      ),
      text('segments', 'Segment match', { type: 'text', value: formatSegmentMatch(current?.affected), placeholder: 'region=eu-central, eu-west; plan=pro', autocomplete: 'off', spellcheck: 'false' }, 'Every key must match one of its values. Used only with "Customers in segments".'),
      h('div', { class: 'inline-form' }, h('button', { type: 'button', class: 'small', id: id('check-audience'), onclick: () => void checkAudience() }, 'Check audience size'), audienceCount),
    ),
    text('status-page', 'Status page URL (optional)', { type: 'url', value: current?.statusPageUrl ?? '', placeholder: 'https://status.example.com/…', autocomplete: 'off' }),
    text('cadence', 'Minutes between update broadcasts (optional)', { type: 'number', min: 5, max: 1440, step: 1, value: current?.cadenceMinutes ?? '', inputmode: 'numeric' }, 'Default: the playbook cadence of the severity.'),
    formNotice,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: mode === 'declare' ? 'danger' : 'primary', id: id('submit') }, mode === 'declare' ? 'Review and declare…' : 'Review update…')),
  );

  const read = (): { body: Record<string, unknown>; audience: AudienceValue; severity: Severity } => {
    const value = (name: string) => (byId<HTMLInputElement | HTMLTextAreaElement>(id(name)).value ?? '').trim();
    const sev = (form.querySelector<HTMLInputElement>(`input[name="${id('severity')}"]:checked`)?.value ?? 'sev2') as Severity;
    const audienceMode = form.querySelector<HTMLInputElement>(`input[name="${id('audience')}"]:checked`)?.value ?? 'all';
    const audience: AudienceValue = audienceMode === 'all' ? { all: true } : parseSegmentMatch(value('segments'));
    const message: Record<string, string> = {};
    for (const locale of LOCALES) {
      const text = value(`message-${locale}`);
      if (text) message[locale] = text;
    }
    const cadence = value('cadence');
    const statusPageUrl = value('status-page');
    const full: Record<string, unknown> = {
      severity: sev,
      headline: value('headline'),
      message,
      affected: audience,
      ...(statusPageUrl ? { statusPageUrl } : {}),
      ...(cadence ? { cadenceMinutes: Number(cadence) } : {}),
    };
    if (mode === 'declare') {
      if (full.headline === '' || String(full.headline).length < 3) throw new Error('Headline: at least 3 characters.');
      if (!message.en) throw new Error('Message (English): required — it is the fallback for every language.');
      return { body: full, audience, severity: sev };
    }
    // An update sends what changed (the API needs at least one field).
    const changed: Record<string, unknown> = {};
    for (const [key, next] of Object.entries(full)) {
      const before = current?.[key as keyof CrisisRecord];
      if (JSON.stringify(normalize(before)) !== JSON.stringify(normalize(next))) changed[key] = next;
    }
    if (!message.en) throw new Error('Message (English): required — it is the fallback for every language.');
    if (Object.keys(changed).length === 0) throw new Error('Nothing changed: edit a field first.');
    return { body: changed, audience, severity: sev };
  };

  async function checkAudience(): Promise<number | undefined> {
    let audience: AudienceValue;
    try {
      audience = read().audience;
    } catch (error) {
      audienceCount.textContent = (error as Error).message;
      return undefined;
    }
    return countAudience(audience, audienceCount);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    notice(formNotice, '');
    let input: ReturnType<typeof read>;
    try {
      input = read();
    } catch (error) {
      notice(formNotice, (error as Error).message, 'error');
      return;
    }
    const count = await countAudience(input.audience, audienceCount);
    const playbook = effectivePlaybook[input.severity];
    const messages = (input.body.message as Record<string, string> | undefined) ?? current?.message ?? {};
    const confirmed = await confirmAction({
      title: mode === 'declare' ? `Declare a ${input.severity.toUpperCase()} crisis?` : `Update the ${input.severity.toUpperCase()} crisis?`,
      confirmLabel: mode === 'declare' ? `Declare ${input.severity.toUpperCase()} and notify` : 'Update crisis',
      tone: mode === 'declare' ? 'danger' : 'primary',
      body: [
        h(
          'dl',
          { class: 'facts confirm-facts' },
          h('dt', {}, 'Severity'),
          h('dd', { 'data-confirm': 'severity' }, h('strong', {}, input.severity.toUpperCase()), ` — ${playbook.guidance}`),
          h('dt', {}, 'Audience'),
          h('dd', { 'data-confirm': 'audience' }, describeAudience(input.audience), count === undefined ? ' (size unknown)' : ` — ${count.toLocaleString()} customer${count === 1 ? '' : 's'}`),
          h('dt', {}, 'Channels'),
          h('dd', {}, `${playbook.channels.join(' › ')}${playbook.breaksQuietHours ? ', also during quiet hours' : ', quiet hours respected'}`),
          h('dt', {}, 'Headline'),
          h('dd', { 'data-confirm': 'headline' }, String(input.body.headline ?? current?.headline ?? '')),
          h('dt', {}, 'Message'),
          h('dd', { 'data-confirm': 'message' }, h('q', {}, messages.en ?? ''), Object.keys(messages).length > 1 ? h('span', { class: 'hint' }, ` (+ ${Object.keys(messages).filter((l) => l !== 'en').join(', ')})`) : null),
          mode === 'update' ? [h('dt', {}, 'Changing'), h('dd', {}, Object.keys(input.body).join(', '))] : null,
        ),
        h('p', {}, mode === 'declare' ? 'Customers in the audience are messaged at once, marketing to them stops, and the status banner switches to crisis mode.' : 'The change applies at once; a new message is broadcast to the audience.'),
      ],
    });
    if (!confirmed) {
      notice(formNotice, 'Cancelled: nothing was sent.');
      return;
    }
    try {
      const answer = await call<CrisisRecord>('PUT', '/crisis', {
        body: input.body,
        auth: true,
        ...(mode === 'update' && current?.version !== undefined ? { headers: { 'if-match': `"${current.version}"` } } : {}),
      });
      record = answer.body;
      notice(byId('crisis-notice'), mode === 'declare' ? `Crisis declared (version ${answer.body.version ?? '?'}): the broadcast has started.` : `Crisis updated (version ${answer.body.version ?? '?'}).`, 'success');
      afterChange();
    } catch (error) {
      const text =
        error instanceof ApiError && error.status === 412
          ? 'Someone else changed the crisis meanwhile: review the current state below and try again.'
          : error instanceof ApiError
            ? error.describe()
            : String(error);
      notice(formNotice, text, 'error');
      void crisisPoll?.now();
    }
  });
  return form;
}

function normalize(value: unknown): unknown {
  if (value === '' || value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
  return value;
}

async function countAudience(audience: AudienceValue, output: HTMLElement): Promise<number | undefined> {
  output.textContent = 'Counting…';
  try {
    const { count } = await get<{ count: number }>(`/console/api/audience${q({ affected: JSON.stringify(audience) })}`, { auth: true });
    output.textContent = `${describeAudience(audience)}: ${count.toLocaleString()} customer${count === 1 ? '' : 's'}`;
    return count;
  } catch (error) {
    output.textContent = error instanceof ApiError ? (error.status === 404 ? 'The audience size needs the local runtime.' : error.describe()) : String(error);
    return undefined;
  }
}

// ── Resolve ─────────────────────────────────────────────────────────────────────────────────────────

function resolveForm(current: CrisisRecord): HTMLElement {
  const formNotice = h('p', { class: 'notice', role: 'status', hidden: true });
  const form = h(
    'form',
    { class: 'card crisis-form', id: 'crisis-resolve-form', 'aria-labelledby': 'crisis-resolve-title', novalidate: true },
    h('h3', { id: 'crisis-resolve-title' }, 'Resolve the crisis'),
    h('p', {}, 'Sends the all-clear to the audience, lifts the crisis suppression and channel overrides, and switches the status banner back to normal.'),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'crisis-postmortem' }, 'Post-mortem URL (optional, included in the all-clear)'),
      h('input', { id: 'crisis-postmortem', type: 'url', placeholder: 'https://status.example.com/…/postmortem', autocomplete: 'off' }),
    ),
    h('div', { class: 'field' }, h('label', { for: 'crisis-allclear' }, 'All-clear message (optional, English)'), h('textarea', { id: 'crisis-allclear', rows: 2, maxlength: 1000 })),
    formNotice,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary', id: 'crisis-resolve-submit' }, 'Review and resolve…')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const postmortemUrl = byId<HTMLInputElement>('crisis-postmortem').value.trim();
    const allClear = byId<HTMLTextAreaElement>('crisis-allclear').value.trim();
    const countOutput = h('span');
    const count = await countAudience(current.affected ?? { all: true }, countOutput);
    const confirmed = await confirmAction({
      title: `Resolve the ${(current.severity ?? '').toUpperCase()} crisis?`,
      confirmLabel: 'Resolve and send all-clear',
      tone: 'primary',
      body: [
        h(
          'dl',
          { class: 'facts confirm-facts' },
          h('dt', {}, 'Crisis'),
          h('dd', { 'data-confirm': 'headline' }, `${(current.severity ?? '').toUpperCase()} — ${current.headline ?? ''}`),
          h('dt', {}, 'All-clear to'),
          h('dd', { 'data-confirm': 'audience' }, describeAudience(current.affected), count === undefined ? '' : ` — ${count.toLocaleString()} customer${count === 1 ? '' : 's'}`),
          h('dt', {}, 'Message'),
          h('dd', { 'data-confirm': 'message' }, allClear ? h('q', {}, allClear) : 'the standard all-clear message of each language'),
          h('dt', {}, 'Post-mortem'),
          h('dd', {}, postmortemUrl || 'none'),
        ),
      ],
    });
    if (!confirmed) {
      notice(formNotice, 'Cancelled: the crisis is still active.');
      return;
    }
    try {
      const answer = await call<CrisisRecord>('DELETE', '/crisis', {
        body: { ...(postmortemUrl ? { postmortemUrl } : {}), ...(allClear ? { message: { en: allClear } } : {}) },
        auth: true,
        ...(current.version !== undefined ? { headers: { 'if-match': `"${current.version}"` } } : {}),
      });
      record = answer.body;
      notice(byId('crisis-notice'), `Crisis resolved (version ${answer.body.version ?? '?'}): the all-clear is on its way.`, 'success');
      afterChange();
    } catch (error) {
      notice(formNotice, error instanceof ApiError ? (error.status === 412 ? 'Someone else changed the crisis meanwhile: review it and try again.' : error.describe()) : String(error), 'error');
      void crisisPoll?.now();
    }
  });
  return form;
}

function afterChange(): void {
  renderCurrent();
  renderActions();
  void refreshAudit();
  // The API reads the crisis through a cache of about a second: ask again just after it.
  refreshStatus();
  setTimeout(refreshStatus, 1_200);
  setTimeout(refreshStatus, 3_000);
  byId('crisis-mode-title').focus?.();
}

// ── Audit ───────────────────────────────────────────────────────────────────────────────────────────

async function refreshAudit(): Promise<void> {
  if (!signedIn()) return;
  const host = byId('crisis-audit');
  let entries: AuditEntry[];
  try {
    entries = (await get<{ entries: AuditEntry[] }>('/crisis/audit?limit=50', { auth: true })).entries;
  } catch (error) {
    replace(host, h('p', { class: 'notice', 'data-kind': 'error' }, error instanceof ApiError ? error.describe() : String(error)));
    return;
  }
  replace(
    host,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'audit-title' },
      h('h3', { id: 'audit-title' }, 'Audit trail'),
      entries.length === 0
        ? h('p', { class: 'hint' }, 'No crisis has been declared yet.')
        : h(
            'div',
            { class: 'table-wrap', role: 'region', 'aria-label': 'Audit trail', tabindex: '0' },
            h(
              'table',
              { class: 'data-table wide', id: 'audit-table' },
              h('caption', { class: 'visually-hidden' }, 'Crisis changes, newest first'),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'By'), h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Change'))),
              h(
                'tbody',
                {},
                entries.map((entry) =>
                  h(
                    'tr',
                    {},
                    h('td', { class: 'num' }, String(entry.version)),
                    h('td', {}, badge(entry.action, entry.action === 'declare' ? 'bad' : entry.action === 'resolve' ? 'ok' : 'info')),
                    h('td', { class: 'actor' }, actorLabel(entry.actor)),
                    h('td', {}, time(entry.at)),
                    h('td', {}, h('details', {}, h('summary', {}, summarizeChange(entry.change)), h('pre', { class: 'json' }, JSON.stringify(entry.change, null, 2)))),
                  ),
                ),
              ),
            ),
          ),
    ),
  );
}

/** `arn:aws:sts::123:assumed-role/JourneysOnCall/alice` → "JourneysOnCall/alice", the full ARN as a tooltip. */
function actorLabel(actor: string | undefined): HTMLElement {
  if (!actor) return h('span', {}, 'unknown');
  const short = /:assumed-role\/(.+)$/.exec(actor)?.[1] ?? /:(?:user|role)\/(.+)$/.exec(actor)?.[1] ?? actor;
  return h('abbr', { title: actor, class: 'actor-name' }, short);
}

function summarizeChange(change: unknown): string {
  if (typeof change !== 'object' || change === null) return 'details';
  const keys = Object.keys(change as Record<string, unknown>);
  return keys.length === 0 ? 'no fields' : keys.slice(0, 4).join(', ') + (keys.length > 4 ? '…' : '');
}

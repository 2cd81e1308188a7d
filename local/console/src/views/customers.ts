/**
 * One customer: profile, consents, suppressions with reasons and expiry (on-call: /console/api/customers/{id}),
 * their journeys, the timeline of decisions with reasons (GET /messages — what `journeys why` shows) and the
 * messages rendered as they saw them (the domain's renderMessage, per locale, in a sandboxed frame).
 */
import { ApiError, get, q } from '../api';
import { tokenForm } from '../auth';
import { append, badge, byId, h, notice, replace, time } from '../dom';
import { signedIn } from '../settings';
import { outcomeTone } from './journeys';

interface Profile {
  customerId: string;
  name?: string;
  email?: string | null;
  phone?: string | null;
  pushEndpoint?: string | null;
  locale?: string;
  timeZone?: string;
  segment?: Record<string, string>;
  consents?: Record<string, boolean | Record<string, boolean | undefined>>;
  channelPreferences?: string[];
  lifecycle?: string;
  quietHours?: { start: string; end: string };
}

interface Decision {
  messageId: string;
  journey: string;
  step: string;
  category: string;
  topic?: string;
  template?: string;
  outcome: string;
  channel: string | null;
  locale?: string;
  sendAt?: string;
  reasons?: string[];
  at: string;
}

interface SuppressionView {
  kind: string;
  ref: string;
  reason: string;
  source: string;
  createdAt: string;
  expiresAt?: string;
  scope: string;
  channel?: string;
  active: boolean;
}

interface Rendered {
  template: string;
  requestedLocale: string;
  locale: string;
  channel: string;
  subject?: string;
  html?: string;
  text: string;
  title?: string;
}

const TOPICS = ['onboarding_tips', 'product_news', 'offers', 'surveys', 'service_updates'];
const MARKETING = new Set(['onboarding_tips', 'product_news', 'offers']);
const CHANNELS = ['email', 'sms', 'push'];
const LOCALES = ['en', 'sk', 'cs', 'hu'];

let current: { customerId: string; profile?: Profile; decisions: Decision[] } | undefined;
let templates: string[] = [];

export function setupCustomers(): void {
  const form = byId<HTMLFormElement>('customer-search');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = (byId<HTMLInputElement>('customer-id').value ?? '').trim();
    if (id) void load(id);
  });
}

export function showCustomers(subpath: string | undefined): void {
  const id = subpath ? safeDecode(subpath) : undefined;
  if (id && id !== current?.customerId) {
    byId<HTMLInputElement>('customer-id').value = id;
    void load(id);
  }
}

/** After sign-in or sign-out: the suppressions section changes. */
export function refreshCustomerAuth(): void {
  if (current) void load(current.customerId);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function load(customerId: string): Promise<void> {
  const message = byId('customer-notice');
  const result = byId('customer-result');
  notice(message, `Looking up ${customerId}…`);
  history.replaceState(null, '', `#customers/${encodeURIComponent(customerId)}`);
  const path = encodeURIComponent(customerId);
  const [profile, messages, executions, details] = await Promise.allSettled([
    get<Profile>(`/profiles/${path}`),
    get<{ messages: Decision[] }>(`/messages${q({ customerId, limit: 100 })}`),
    get<{ executions: { journey: string; id: string; status: string; startedAt: string }[] }>(`/executions${q({ customerId })}`),
    signedIn() ? get<{ suppressions: SuppressionView[]; found: boolean; now: string }>(`/console/api/customers/${path}`, { auth: true }) : Promise.reject(new ApiError(401, 'unauthorized', 'not signed in')),
  ]);
  if (templates.length === 0) {
    templates = await get<{ templates?: string[] }>('/console/api')
      .then((answer) => answer.templates ?? [])
      .catch(() => []);
  }
  const notFound = profile.status === 'rejected' && profile.reason instanceof ApiError && profile.reason.status === 404;
  if (profile.status === 'rejected' && !notFound) {
    notice(message, describe(profile.reason), 'error');
    replace(result);
    return;
  }
  const decisions = messages.status === 'fulfilled' ? messages.value.messages : [];
  current = { customerId, ...(profile.status === 'fulfilled' ? { profile: profile.value } : {}), decisions };
  notice(message, notFound ? `No profile for ${customerId}${decisions.length > 0 ? ' (erased, or never created): the decisions below are all that is left' : ''}.` : '', notFound ? 'error' : 'info');
  if (notFound && decisions.length === 0) {
    replace(result);
    return;
  }
  replace(
    result,
    h('h3', { id: 'customer-title', tabindex: '-1', class: 'detail-title' }, current.profile?.name ? `${current.profile.name} (${customerId})` : customerId),
    h(
      'div',
      { class: 'grid-2' },
      current.profile ? profileCard(current.profile) : null,
      current.profile ? consentsCard(current.profile) : null,
    ),
    suppressionsCard(details),
    executionsCard(executions),
    timelineCard(decisions, messages.status === 'rejected' ? describe(messages.reason) : undefined),
    previewCard(),
  );
  byId('customer-title').focus();
  const latest = decisions.find((d) => d.template);
  if (latest) void preview({ template: latest.template as string, locale: latest.locale ?? current.profile?.locale ?? 'en', channel: latest.channel ?? 'email', category: latest.category });
  else void preview({ template: 'welcome', locale: current.profile?.locale ?? 'en', channel: 'email', category: 'transactional' });
}

function describe(reason: unknown): string {
  return reason instanceof ApiError ? reason.describe() : String(reason);
}

function profileCard(profile: Profile): HTMLElement {
  const row = (name: string, value: Node | string | undefined | null) => [h('dt', {}, name), h('dd', {}, value === undefined || value === null || value === '' ? '—' : value)];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'profile-title' },
    h('h4', { id: 'profile-title' }, 'Profile'),
    h(
      'dl',
      { class: 'facts' },
      row('Email', profile.email),
      row('Phone', profile.phone),
      row('Push', profile.pushEndpoint ? 'registered' : null),
      row('Locale', profile.locale),
      row('Time zone', profile.timeZone),
      row('Quiet hours', profile.quietHours ? `${profile.quietHours.start}–${profile.quietHours.end}` : 'default (21:00–08:00)'),
      row('Segment', Object.entries(profile.segment ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')),
      row('Channels', (profile.channelPreferences ?? []).join(' › ')),
      row('Lifecycle', profile.lifecycle),
    ),
  );
}

function consentsCard(profile: Profile): HTMLElement {
  const consent = (topic: string, channel: string): boolean => {
    const value = profile.consents?.[topic];
    if (value === undefined) return !MARKETING.has(topic);
    if (typeof value === 'boolean') return value;
    return value[channel] ?? true;
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'consents-title' },
    h('h4', { id: 'consents-title' }, 'Consents'),
    h(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-label': 'Consents', tabindex: '0' },
      h(
        'table',
        { class: 'data-table compact', id: 'consents-table' },
        h('caption', { class: 'visually-hidden' }, 'Consent per topic and channel'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Topic'), ...CHANNELS.map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          TOPICS.map((topic) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, topic.replace(/_/g, ' ')),
              ...CHANNELS.map((channel) => {
                const yes = consent(topic, channel);
                return h('td', {}, h('span', { class: `consent consent-${yes ? 'yes' : 'no'}` }, yes ? '✓ yes' : '✗ no'));
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

function suppressionsCard(details: PromiseSettledResult<{ suppressions: SuppressionView[] }>): HTMLElement {
  let body: HTMLElement | HTMLElement[];
  if (!signedIn()) {
    body = tokenForm('Suppressions (why marketing or a channel is blocked) are shown to on-call staff only.');
  } else if (details.status === 'rejected') {
    body = h('p', { class: 'notice', 'data-kind': 'error' }, describe(details.reason));
  } else if (details.value.suppressions.length === 0) {
    body = h('p', {}, 'No suppressions: every category may reach this customer (subject to consent, quiet hours and caps).');
  } else {
    body = h(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-label': 'Suppressions', tabindex: '0' },
      h(
        'table',
        { class: 'data-table wide', id: 'suppressions-table' },
        h('caption', { class: 'visually-hidden' }, 'Suppressions, newest first'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col' }, 'Stops'), h('th', { scope: 'col' }, 'Since'), h('th', { scope: 'col' }, 'Expires'), h('th', { scope: 'col' }, 'Source'))),
        h(
          'tbody',
          {},
          details.value.suppressions.map((s) =>
            h(
              'tr',
              { class: s.active ? undefined : 'inactive' },
              h('td', {}, h('span', { class: 'suppression-reason' }, s.reason), h('br'), h('span', { class: 'hint mono' }, `${s.kind} · ${s.ref}`)),
              h('td', {}, s.scope === 'channel' ? `${s.channel ?? 'a channel'} (all messages)` : 'marketing'),
              h('td', {}, time(s.createdAt)),
              h('td', {}, s.expiresAt ? time(s.expiresAt) : 'when lifted', s.active ? null : [' ', badge('expired', 'muted')]),
              h('td', {}, s.source),
            ),
          ),
        ),
      ),
    );
  }
  return h('section', { class: 'card', 'aria-labelledby': 'suppressions-title' }, h('h4', { id: 'suppressions-title' }, 'Suppressions'), body);
}

function executionsCard(executions: PromiseSettledResult<{ executions: { journey: string; id: string; status: string; startedAt: string }[] }>): HTMLElement {
  const list = executions.status === 'fulfilled' ? executions.value.executions : [];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'customer-executions-title' },
    h('h4', { id: 'customer-executions-title' }, 'Journeys'),
    executions.status === 'rejected'
      ? h('p', { class: 'notice', 'data-kind': 'error' }, describe(executions.reason))
      : list.length === 0
        ? h('p', { class: 'hint' }, 'No journey has started for this customer.')
        : h(
            'ul',
            { class: 'plain-list' },
            list.map((e) => h('li', {}, h('strong', {}, e.journey), ' ', badge(e.status.toLowerCase(), e.status === 'RUNNING' ? 'info' : e.status === 'SUCCEEDED' ? 'ok' : 'muted'), ' started ', time(e.startedAt))),
          ),
  );
}

const TIMELINE_PAGE = 15;

function timelineCard(decisions: Decision[], error: string | undefined): HTMLElement {
  const list = h('ol', { class: 'timeline', id: 'timeline' });
  let shown = 0;
  const more = h('button', { type: 'button', class: 'small', id: 'timeline-more' });
  const showMore = () => {
    const next = decisions.slice(shown, shown + TIMELINE_PAGE);
    append(list, next.map(timelineItem));
    shown += next.length;
    more.hidden = shown >= decisions.length;
    more.textContent = `Show ${Math.min(TIMELINE_PAGE, decisions.length - shown)} older (${decisions.length - shown} more)`;
    return list.children[shown - next.length] as HTMLElement | undefined;
  };
  // Focus moves to the first of the older items, so keyboard users continue where the list grew.
  more.addEventListener('click', () => showMore()?.querySelector<HTMLElement>('.timeline-head')?.focus());
  showMore();
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'timeline-title' },
    h('h4', { id: 'timeline-title' }, 'Timeline of decisions'),
    h('p', { class: 'hint' }, 'Every message considered for this customer, newest first, with the reasons (', h('code', {}, 'journeys why'), ').'),
    error
      ? h('p', { class: 'notice', 'data-kind': 'error' }, error)
      : decisions.length === 0
        ? h('p', {}, 'No messages yet.')
        : [list, more],
  );
}

function timelineItem(d: Decision): HTMLElement {
  const locale = d.locale ?? current?.profile?.locale ?? 'en';
  return h(
    'li',
    { class: `timeline-item outcome-${d.outcome}` },
    h(
      'div',
      { class: 'timeline-head', tabindex: '-1' },
      badge(d.outcome, outcomeTone(d.outcome)),
      ' ',
      h('strong', {}, `${d.journey} · ${d.step}`),
      ' ',
      h('span', { class: 'hint' }, [d.category, d.channel ?? 'no channel', d.locale].filter(Boolean).join(' · ')),
    ),
    d.reasons && d.reasons.length > 0 ? h('ul', { class: 'reasons' }, d.reasons.map((r) => h('li', {}, r))) : null,
    h(
      'div',
      { class: 'timeline-meta' },
      h('span', { class: 'hint' }, time(d.at), d.sendAt ? [' · send at ', time(d.sendAt)] : null),
      d.template
        ? h(
            'button',
            { type: 'button', class: 'small', onclick: () => void preview({ template: d.template as string, locale, channel: d.channel ?? 'email', category: d.category }, true) },
            'Preview ',
            h('span', { class: 'visually-hidden' }, `${d.step} `),
            'message',
          )
        : null,
    ),
  );
}

interface PreviewRequest {
  template: string;
  locale: string;
  channel: string;
  category: string;
}

function previewCard(): HTMLElement {
  const select = (id: string, label: string, options: string[]) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), h('select', { id, onchange: () => void preview(readPreviewForm()) }, options.map((o) => h('option', { value: o }, o))));
  const locales = [...new Set([...LOCALES, ...(current?.profile?.locale ? [current.profile.locale] : [])])];
  const templateOptions = [...new Set([...templates, ...(current?.decisions ?? []).map((d) => d.template).filter((t): t is string => !!t)])];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'preview-title' },
    h('h4', { id: 'preview-title' }, 'Template preview with sample values'),
    h('p', { class: 'hint' }, 'Rendered by the same templates the journeys send with, in the chosen language — with sample values (names, incident titles, links), not the ones this customer got. Emails load nothing external.'),
    h(
      'div',
      { class: 'inline-form wrap' },
      select('preview-template', 'Template', templateOptions.length > 0 ? templateOptions : ['welcome']),
      select('preview-locale', 'Language', locales),
      select('preview-channel', 'Channel', CHANNELS),
      select('preview-category', 'Category', ['transactional', 'service', 'marketing']),
    ),
    h('div', { id: 'preview-output', 'aria-live': 'polite' }),
  );
}

function readPreviewForm(): PreviewRequest {
  const value = (id: string) => byId<HTMLSelectElement>(id).value;
  return { template: value('preview-template'), locale: value('preview-locale'), channel: value('preview-channel'), category: value('preview-category') };
}

let previewSequence = 0;

async function preview(request: PreviewRequest, focus = false): Promise<void> {
  const output = document.getElementById('preview-output');
  if (!output) return;
  // Only the latest request is shown, whatever order the answers arrive in.
  const sequence = ++previewSequence;
  for (const [id, value] of [
    ['preview-template', request.template],
    ['preview-locale', request.locale],
    ['preview-channel', request.channel],
    ['preview-category', request.category],
  ] as const) {
    const select = byId<HTMLSelectElement>(id);
    if (![...select.options].some((o) => o.value === value)) select.append(h('option', { value }, value));
    select.value = value;
  }
  let rendered: Rendered;
  try {
    rendered = await get<Rendered>(`/console/api/preview${q({ ...request })}`);
  } catch (error) {
    if (sequence === previewSequence) replace(output, h('p', { class: 'notice', 'data-kind': 'error' }, describe(error)));
    return;
  }
  if (sequence !== previewSequence || !output.isConnected) return;
  const caption = `${rendered.template} in ${rendered.locale}${rendered.locale !== rendered.requestedLocale ? ` (${rendered.requestedLocale} falls back to ${rendered.locale})` : ''}, ${rendered.channel}`;
  if (rendered.channel === 'email') {
    // No allow-scripts, no allow-same-origin: the e-mail is inert and cannot reach the console.
    const frame = h('iframe', { class: 'email-frame', sandbox: '', title: `E-mail preview: ${caption}`, referrerpolicy: 'no-referrer' });
    frame.srcdoc = rendered.html ?? '';
    replace(
      output,
      h('p', { class: 'preview-caption' }, caption),
      h('dl', { class: 'facts' }, h('dt', {}, 'Subject'), h('dd', { id: 'preview-subject' }, rendered.subject ?? '')),
      frame,
      h('details', {}, h('summary', {}, 'Plain-text part'), h('pre', { class: 'preview-text' }, rendered.text)),
    );
  } else {
    replace(
      output,
      h('p', { class: 'preview-caption' }, caption),
      h(
        'div',
        { class: `phone-bubble ${rendered.channel}` },
        rendered.title ? h('strong', {}, rendered.title) : null,
        h('p', { id: 'preview-subject' }, rendered.text),
        h('span', { class: 'hint' }, `${[...rendered.text].length} characters`),
      ),
    );
  }
  if (focus) byId('preview-title').scrollIntoView({ block: 'start', behavior: 'smooth' });
}

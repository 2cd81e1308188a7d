/** Settings: which API the console talks to (same origin by default), the on-call sign-in, the runtime's clock. */
import { get } from '../api';
import { authStatus, tokenForm } from '../auth';
import { byId, h, notice, replace } from '../dom';
import { apiBase, configuredApiBase, setApiBase, signedIn } from '../settings';

export function showSettings(): void {
  render();
}

export function render(): void {
  const input = h('input', { id: 'settings-api', type: 'url', value: configuredApiBase(), placeholder: window.location.origin, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'settings-api-hint' });
  const message = h('p', { class: 'notice', role: 'status', hidden: true });
  const health = h('dl', { class: 'facts', id: 'settings-health' });
  const useOrigin = () => {
    input.value = '';
    setApiBase('');
    notice(message, 'Using this page’s origin.', 'success');
  };
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'settings-api-title' },
    h('h3', { id: 'settings-api-title' }, 'API'),
    h('div', { class: 'field' }, h('label', { for: 'settings-api' }, 'API base URL'), input, h('p', { class: 'hint', id: 'settings-api-hint' }, `Leave empty to use this page's origin (${window.location.origin}). For a deployed API, its invoke URL; the console helpers (diagrams, counts, suppressions, audience size, previews) exist on the local runtime only.`)),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save'), h('button', { type: 'button', onclick: useOrigin }, 'Use this page’s origin')),
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (value && !/^https?:\/\/[^\s]+$/i.test(value)) {
      notice(message, 'Enter an http(s) URL, e.g. https://abc123.execute-api.eu-central-1.amazonaws.com/prod', 'error');
      return;
    }
    setApiBase(value);
    notice(message, `Saved: the console now talks to ${apiBase()}.`, 'success');
  });
  replace(
    byId('settings-view'),
    form,
    h('section', { class: 'card', 'aria-labelledby': 'settings-auth-title' }, h('h3', { id: 'settings-auth-title' }, 'On-call sign-in'), signedIn() ? authStatus() : tokenForm('Crisis changes, the audit trail, suppressions and audience sizes need the on-call token.')),
    h('section', { class: 'card', 'aria-labelledby': 'settings-health-title' }, h('h3', { id: 'settings-health-title' }, 'Runtime'), health),
  );
  void get<{ status: string; timeScale: number; now: string }>('/health')
    .then((answer) =>
      replace(
        health,
        h('dt', {}, 'Status'),
        h('dd', {}, answer.status),
        h('dt', {}, 'Virtual time'),
        h('dd', {}, new Date(answer.now).toLocaleString()),
        h('dt', {}, 'Time scale'),
        h('dd', {}, answer.timeScale === 0 ? 'manual clock (tests)' : `${answer.timeScale}× real time`),
      ),
    )
    .catch(() => replace(health, h('dt', {}, 'Status'), h('dd', {}, 'no /health here (a deployed API has none)')));
}

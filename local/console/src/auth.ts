/**
 * The on-call token form. The token is checked against the API (GET /crisis/audit, an on-call route) before it
 * is kept, so a typo is caught here and not in the middle of a crisis.
 */
import { ApiError, call } from './api';
import { h, notice } from './dom';
import { setToken, signedIn } from './settings';

let formCount = 0;

export function tokenForm(purpose: string): HTMLElement {
  const id = `oncall-token-${++formCount}`;
  const input = h('input', { id, name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': `${id}-hint` });
  const message = h('p', { class: 'notice', role: 'status', hidden: true });
  const form = h(
    'form',
    { class: 'token-form', 'aria-label': 'On-call sign-in' },
    h('p', {}, purpose),
    h('div', { class: 'inline-form' }, h('div', { class: 'field' }, h('label', { for: id }, 'On-call token'), input), h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
    h('p', { id: `${id}-hint`, class: 'hint' }, 'Printed by ', h('code', {}, 'npm start'), ' (or set as JOURNEYS_ONCALL_TOKEN). Kept for this browser tab only and sent only to on-call routes.'),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    notice(message, 'Checking the token…');
    try {
      await call('GET', '/crisis/audit?limit=1', { headers: { authorization: `Bearer ${value}` } });
      input.value = '';
      setToken(value);
    } catch (error) {
      notice(message, error instanceof ApiError ? (error.status === 403 ? 'That token is not the on-call token.' : error.describe()) : String(error), 'error');
      input.focus();
    }
  });
  return form;
}

export function signOutButton(): HTMLElement {
  return h('button', { type: 'button', onclick: () => setToken('') }, 'Sign out');
}

export function authStatus(): HTMLElement {
  return signedIn() ? h('p', { class: 'auth-status' }, h('span', { class: 'badge badge-ok' }, 'On call'), ' Signed in with the on-call token. ', signOutButton()) : h('span');
}

/**
 * The status banner for websites: options → the snippet (copy button) → a live preview, which runs that very
 * snippet in a sandboxed frame (scripts allowed, no same-origin: it can fetch the public /status and nothing of
 * the console's).
 */
import { bannerSnippet, normalizeApiBaseUrl } from '../banner-snippet';
import { byId, h, notice, replace } from '../dom';
import { apiBase } from '../settings';
import { onStatus } from '../status-banner';

let built = false;

export function showBanner(): void {
  if (!built) build();
}

/** The API URL changed in Settings: start over from it. */
export function resetBanner(): void {
  built = false;
  if (!byId('panel-banner').hidden) build();
}

function build(): void {
  built = true;
  const api = h('input', { id: 'banner-api', type: 'url', value: apiBase(), autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'banner-api-hint' });
  const showNormal = h('input', { id: 'banner-normal', type: 'checkbox' });
  const pollSeconds = h('input', { id: 'banner-poll', type: 'number', min: 15, max: 3600, step: 1, value: 60, inputmode: 'numeric' });
  const snippet = h('textarea', { id: 'banner-snippet', readonly: true, rows: 8, spellcheck: 'false', class: 'code' });
  const copied = h('p', { id: 'banner-copied', class: 'notice', role: 'status', hidden: true });
  const optionsNotice = h('p', { class: 'notice', role: 'status', hidden: true });
  const frameHost = h('div', { class: 'banner-preview' });
  const statusJson = h('pre', { class: 'json', id: 'banner-status-json' }, '…');

  const update = () => {
    let code: string;
    try {
      code = bannerSnippet({ apiBaseUrl: normalizeApiBaseUrl(api.value), showWhenNormal: showNormal.checked, pollSeconds: Number(pollSeconds.value) || 60 });
      notice(optionsNotice, '');
    } catch (error) {
      notice(optionsNotice, (error as Error).message, 'error');
      return;
    }
    snippet.value = code;
    const frame = h('iframe', { id: 'banner-frame', class: 'banner-frame', sandbox: 'allow-scripts', title: 'Live preview of the status banner on an example page', referrerpolicy: 'no-referrer' });
    frame.srcdoc = examplePage(code);
    replace(frameHost, frame);
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet.value);
    } catch {
      // No clipboard permission (e.g. not a secure context): select it for Ctrl+C.
      snippet.focus();
      snippet.select();
      notice(copied, 'Selected: press Ctrl+C (⌘C) to copy.');
      return;
    }
    notice(copied, 'Copied to the clipboard.', 'success');
  };

  for (const input of [api, showNormal, pollSeconds]) input.addEventListener('change', update);
  replace(
    byId('banner-view'),
    h(
      'form',
      { class: 'card', 'aria-labelledby': 'banner-options-title', onsubmit: (event) => event.preventDefault() },
      h('h3', { id: 'banner-options-title' }, 'Options'),
      h('div', { class: 'field' }, h('label', { for: 'banner-api' }, 'API URL the banner reads'), api, h('p', { class: 'hint', id: 'banner-api-hint' }, 'The public API of your deployment; here the one this console talks to.')),
      h('div', { class: 'checkbox' }, showNormal, h('label', { for: 'banner-normal' }, 'Show a green "All systems operational" bar when there is no crisis')),
      h('div', { class: 'field narrow' }, h('label', { for: 'banner-poll' }, 'Refresh every (seconds)'), pollSeconds),
      optionsNotice,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'banner-snippet-title' },
      h('h3', { id: 'banner-snippet-title' }, 'Snippet'),
      h('label', { for: 'banner-snippet' }, 'Paste this where the banner should appear (top of the page body):'),
      snippet,
      h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'primary', id: 'banner-copy', onclick: () => void copy() }, 'Copy snippet')),
      copied,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'banner-preview-title' },
      h('h3', { id: 'banner-preview-title' }, 'Live preview'),
      h('p', { class: 'hint' }, 'The snippet above, running on an example page. In normal mode the banner is hidden unless the green bar is chosen.'),
      frameHost,
      h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'small', onclick: update }, 'Reload preview')),
    ),
    h('section', { class: 'card', 'aria-labelledby': 'banner-status-title' }, h('h3', { id: 'banner-status-title' }, 'GET /status now'), statusJson),
  );
  update();
  onStatus((status) => {
    statusJson.textContent = JSON.stringify(status, null, 2);
  });
}

function examplePage(snippet: string): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Example page</title><style>body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1f2933}main{padding:12px 16px}h1{font-size:18px;margin:0 0 4px}</style></head><body>',
    snippet,
    '<main><h1>Example Shop</h1><p>Your website’s own content continues here.</p></main></body></html>',
  ].join('');
}

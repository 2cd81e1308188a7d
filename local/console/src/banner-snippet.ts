/**
 * The status banner a website embeds: GET /status (public, CORS `*`, cached 15 s) rendered as a small bar. The
 * console shows the snippet to copy and a live preview of it; its own header uses `bannerView` for the same
 * wording. The snippet is self-contained (no library, no external request other than the API's /status) and
 * plain ES5, so it runs on any page that can run a script.
 */

export interface StatusLike {
  mode?: unknown;
  severity?: unknown;
  headline?: unknown;
  updatedAt?: unknown;
  statusPageUrl?: unknown;
}

export type BannerTone = 'normal' | 'sev1' | 'sev2' | 'sev3';

export interface BannerView {
  mode: 'normal' | 'crisis';
  tone: BannerTone;
  /** "Major outage" / "All systems operational". */
  label: string;
  /** The crisis headline (empty in normal mode). */
  headline: string;
  /** Only http(s) links are kept. */
  link?: string;
}

/** Severity → what the banner says (the playbook's sev1 is "core product unavailable"…). */
export const SEVERITY_LABELS: Readonly<Record<'sev1' | 'sev2' | 'sev3', string>> = {
  sev1: 'Major outage',
  sev2: 'Service degraded',
  sev3: 'Minor issue',
};
export const NORMAL_LABEL = 'All systems operational';

/** Colours of the bar: white text on these has a contrast ratio of at least 7:1 (WCAG AAA for text). */
export const BANNER_COLOURS: Readonly<Record<BannerTone, string>> = {
  normal: '#14532d',
  sev1: '#9b1c1c',
  sev2: '#9a3412',
  sev3: '#713f12',
};

const isHttpUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\/[^\s"'<>]+$/i.test(value);

export function bannerView(status: StatusLike | null | undefined): BannerView {
  const link = isHttpUrl(status?.statusPageUrl) ? status.statusPageUrl : undefined;
  if (status?.mode !== 'crisis') return { mode: 'normal', tone: 'normal', label: NORMAL_LABEL, headline: '', ...(link ? { link } : {}) };
  const severity = status.severity === 'sev1' || status.severity === 'sev2' || status.severity === 'sev3' ? status.severity : 'sev1';
  const headline = typeof status.headline === 'string' ? status.headline : '';
  return { mode: 'crisis', tone: severity, label: SEVERITY_LABELS[severity], headline, ...(link ? { link } : {}) };
}

export interface BannerSnippetOptions {
  /** The API the banner reads /status from, e.g. https://api.example.com (no trailing slash needed). */
  apiBaseUrl: string;
  /** Also show a green "All systems operational" bar when there is no crisis (default: hidden then). */
  showWhenNormal?: boolean;
  /** How often to refresh (default 60 s, at least 15: the API caches /status that long). */
  pollSeconds?: number;
  /** The element's id (default `journeys-status`). */
  elementId?: string;
}

/**
 * The banner's behaviour, ES5, as the text of one function expression: `(function (api, showNormal, pollSeconds,
 * id, labels, colours, normalLabel) {…})`. Kept in step with `bannerView` by a unit test that runs it.
 */
export const BANNER_RUNTIME = `function (api, showNormal, pollSeconds, id, labels, colours, normalLabel) {
  var box = document.getElementById(id);
  if (!box) return;
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  function render(s) {
    var crisis = !!s && s.mode === 'crisis';
    var sev = crisis && (s.severity === 'sev1' || s.severity === 'sev2' || s.severity === 'sev3') ? s.severity : 'sev1';
    var tone = crisis ? sev : 'normal';
    box.setAttribute('data-mode', crisis ? 'crisis' : 'normal');
    while (box.firstChild) box.removeChild(box.firstChild);
    if (!crisis && !showNormal) { box.hidden = true; return; }
    box.hidden = false;
    box.style.cssText = 'display:block;margin:0;padding:10px 16px;font:15px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#fff;background:' + colours[tone];
    var label = document.createElement('strong');
    label.textContent = crisis ? labels[sev] : normalLabel;
    box.appendChild(label);
    if (crisis && typeof s.headline === 'string' && s.headline) box.appendChild(document.createTextNode(': ' + s.headline));
    var url = s && s.statusPageUrl;
    if (typeof url === 'string' && /^https?:\\/\\/[^\\s"'<>]+$/i.test(url)) {
      box.appendChild(document.createTextNode(' '));
      var a = document.createElement('a');
      a.href = url;
      a.textContent = 'Status page';
      a.style.cssText = 'color:#fff;text-decoration:underline;font-weight:600';
      box.appendChild(a);
    }
  }
  function load() {
    if (typeof fetch !== 'function') return;
    fetch(api + '/status', { headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) render(s); })
      .catch(function () {});
  }
  load();
  setInterval(load, Math.max(15, pollSeconds) * 1000);
}`;

/** JSON that is safe inside a <script> element (no `</script>`, no line separators). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A base URL as the snippet needs it: http(s), no trailing slash. Throws on anything else. */
export function normalizeApiBaseUrl(raw: string): string {
  const trimmed = raw.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new Error(`not a URL: ${trimmed || '(empty)'}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('the API URL must start with http:// or https://');
  if (url.search || url.hash) throw new Error('the API URL must not have a query or fragment');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** The HTML to paste into a page: an empty element and the script that fills it. */
export function bannerSnippet(options: BannerSnippetOptions): string {
  const api = normalizeApiBaseUrl(options.apiBaseUrl);
  const id = options.elementId ?? 'journeys-status';
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(id)) throw new Error('the element id may contain letters, digits, - and _ and must start with a letter');
  const poll = Math.max(15, Math.round(options.pollSeconds ?? 60));
  const args = [scriptJson(api), options.showWhenNormal ? 'true' : 'false', String(poll), scriptJson(id), scriptJson(SEVERITY_LABELS), scriptJson(BANNER_COLOURS), scriptJson(NORMAL_LABEL)];
  return [
    '<!-- Journeys status banner: shows the current crisis (GET /status) -->',
    `<div id="${id}" hidden></div>`,
    `<script>(${BANNER_RUNTIME})(${args.join(', ')});</script>`,
  ].join('\n');
}

/**
 * The few pages customers see in a browser (unsubscribe, survey): small, accessible, self-contained HTML — no
 * script, no external resources, every interpolated value escaped — with headers that keep the secret in the
 * URL (the token) from leaking through referrers, caches, frames or search engines.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { JourneysError } from '../../domain/errors';
import type { HttpFunction } from '../middleware/http-handler';
import { acceptsHtml } from '../middleware/request';

export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
} as const;

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}' +
  'button{font:inherit;padding:.6rem 1.2rem;border:2px solid #1a1a1a;border-radius:.4rem;background:#fff;cursor:pointer}' +
  'button:focus,input:focus,textarea:focus{outline:3px solid #1f6feb;outline-offset:2px}' +
  'fieldset{border:0;padding:0;margin:0 0 1rem}legend{font-weight:600;margin-bottom:.5rem}' +
  '.scale{display:flex;flex-wrap:wrap;gap:.25rem}.scale label{display:inline-flex;align-items:center;gap:.2rem;padding:.3rem .5rem;border:1px solid #888;border-radius:.3rem}' +
  'textarea{width:100%;font:inherit}';

/** `main` is trusted markup: build it with `escapeHtml` around every value. */
export function htmlPage(statusCode: number, title: string, main: string, lang = 'en'): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { ...PAGE_HEADERS },
    body: `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * A browser gets its errors as a page too (status kept); API clients get the API's error shape from the
 * error middleware. `explain` may replace the error's message with words for a customer.
 */
export function withHtmlErrors(route: HttpFunction, title: string, explain: (error: JourneysError) => string = (error) => error.message): HttpFunction {
  return async (event, context) => {
    try {
      return await route(event, context);
    } catch (error) {
      if (!(error instanceof JourneysError) || !acceptsHtml(event)) throw error;
      return htmlPage(error.status, title, `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(explain(error))}</p>`);
    }
  };
}

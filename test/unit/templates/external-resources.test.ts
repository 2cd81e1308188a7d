/**
 * An email loads nothing from anywhere: a font, image or stylesheet fetched on open tells a third party the
 * recipient's IP address and when they read it. Links (status page, survey, unsubscribe) are fine as links — an
 * `<a href>` is followed only when the reader clicks it.
 */
import { describe, expect, it } from 'vitest';
import { TEMPLATE_KEYS } from '../../../functions/domain/model/message';
import { compiledEmail } from '../../../functions/adapters/email-templates';
import { SAMPLE_VARIABLES } from '../../../functions/domain/templates/samples';
import { renderMessage, SUPPORTED_LOCALES } from '../../../functions/domain/templates';

/** Every place HTML or CSS fetches something by itself on open. */
const RESOURCE_REFERENCES = [/<link\b[^>]*>/gi, /@import\b[^;]*/gi, /url\(\s*['"]?[^)]*\)/gi, /\b(?:src|srcset|background|poster|data|lowsrc|dynsrc)\s*=\s*["'][^"']*["']/gi];

/** The absolute URLs in `html` that are not the target of an `<a href>` nor an XML namespace (never fetched). */
function urlsOutsideLinks(html: string): string[] {
  const withoutLinks = html.replace(/<a\b[^>]*\bhref="https?:\/\/[^"]*"/gi, '<a').replace(/\bxmlns(?::\w+)?="[^"]*"/gi, '');
  return withoutLinks.match(/https?:\/\/[^\s"'<>)]+/gi) ?? [];
}

describe('no external resource in any email', () => {
  it('the compiled HTML references nothing to fetch: no <link>, @import, url(), src or background', () => {
    let checked = 0;
    for (const template of TEMPLATE_KEYS) {
      for (const locale of SUPPORTED_LOCALES) {
        const html = compiledEmail(template, locale);
        const found = RESOURCE_REFERENCES.flatMap((pattern) => html.match(pattern) ?? []);
        expect(found, `${template} in ${locale}`).toEqual([]);
        expect(urlsOutsideLinks(html), `${template} in ${locale}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBe(TEMPLATE_KEYS.length * SUPPORTED_LOCALES.length);
  });

  it('rendered with real links, every URL in an email is the target of a link', async () => {
    for (const template of TEMPLATE_KEYS) {
      for (const locale of SUPPORTED_LOCALES) {
        const { html } = await renderMessage({ template, locale, channel: 'email', category: 'service', vars: SAMPLE_VARIABLES[locale] });
        expect(html, `${template} in ${locale}`).toContain('<a ');
        expect(urlsOutsideLinks(html!), `${template} in ${locale}`).toEqual([]);
        expect(RESOURCE_REFERENCES.flatMap((pattern) => html!.match(pattern) ?? []), `${template} in ${locale}`).toEqual([]);
      }
    }
  });
});

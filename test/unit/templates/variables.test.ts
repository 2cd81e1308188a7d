import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_KEYS } from '../../../functions/domain/model/message';
import { CATALOG, SUPPORTED_LOCALES, TEMPLATE_VARIABLES } from '../../../functions/domain/templates';
import { emailMjml, emailText } from '../../../functions/domain/templates/layout';
import { smsSegments } from '../../../functions/domain/templates/sms-segments';

const liquid = new Liquid();

/** Every variable the locale's template reads, on any channel, found by liquid's static analysis. */
function variablesUsed(template: (typeof TEMPLATE_KEYS)[number], locale: (typeof SUPPORTED_LOCALES)[number]): Set<string> {
  const { chrome, templates } = CATALOG[locale];
  const copy = templates[template];
  const sources = [emailMjml(template, locale, chrome, copy.email), emailText(template, chrome, copy.email), copy.email.subject, copy.sms, copy.push.title, copy.push.body];
  return new Set(sources.flatMap((source) => liquid.globalVariablesSync(source)));
}

describe('TEMPLATE_VARIABLES documents what the translations use', () => {
  it('has an entry for every template key', () => {
    expect(Object.keys(TEMPLATE_VARIABLES).sort()).toEqual([...TEMPLATE_KEYS].sort());
  });

  const cases = TEMPLATE_KEYS.flatMap((template) => SUPPORTED_LOCALES.map((locale) => ({ template, locale })));

  it.each(cases)('$template in $locale uses only documented variables, and every required one', ({ template, locale }) => {
    const used = variablesUsed(template, locale);
    const { required, optional } = TEMPLATE_VARIABLES[template];
    expect([...used].filter((name) => !required.includes(name as never) && !optional.includes(name as never))).toEqual([]);
    expect(required.filter((name) => !used.has(name))).toEqual([]);
  });

  it('lists no variable as both required and optional', () => {
    for (const { required, optional } of Object.values(TEMPLATE_VARIABLES)) expect(required.filter((name) => optional.includes(name))).toEqual([]);
  });
});

describe('catalog hygiene', () => {
  const entries = SUPPORTED_LOCALES.flatMap((locale) => TEMPLATE_KEYS.map((template) => ({ locale, template, copy: CATALOG[locale].templates[template] })));

  it.each(entries)('$template in $locale: subject and push title are written on one line', ({ copy }) => {
    expect(copy.email.subject).not.toMatch(/[\r\n]/);
    expect(copy.push.title).not.toMatch(/[\r\n]/);
  });

  it.each(entries.filter(({ locale }) => locale === 'en'))('English SMS $template uses only GSM-7 characters', ({ copy }) => {
    expect(smsSegments(copy.sms).encoding).toBe('GSM-7');
  });

  it('translates every locale differently from English (no copy-pasted English left behind)', () => {
    for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en')) {
      for (const template of TEMPLATE_KEYS) {
        const copy = CATALOG[locale].templates[template];
        const english = CATALOG.en.templates[template];
        expect(copy.email.subject, `${locale} ${template}`).not.toBe(english.email.subject);
        // SMS texts are not compared: the crisis SMS is the brand plus on-call's own words in every language.
        expect(copy.email.paragraphs, `${locale} ${template}`).not.toEqual(english.email.paragraphs);
      }
    }
  });

  it('mentions the 0–10 scale in every survey email', () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (const template of ['survey_invitation', 'survey_reminder'] as const) {
        const words = CATALOG[locale].templates[template].email.paragraphs.map((p) => (typeof p === 'string' ? p : p.text)).join(' ');
        expect(words, `${locale} ${template}`).toMatch(/\b0\b.*\b10\b/);
      }
    }
  });
});

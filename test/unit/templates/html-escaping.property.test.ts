import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TemplateKey } from '../../../functions/domain/model/message';
import { renderMessage, SUPPORTED_LOCALES } from '../../../functions/domain/templates';
import { documentedVars } from './fixtures';

/** Characters that would change HTML structure if they reached the markup unescaped. */
const MARKUP = ['<', '>', '"', "'"] as const;
const count = (html: string, character: string) => html.split(character).length - 1;

/** Strings rich in markup characters and liquid syntax, plus arbitrary Unicode. */
const hostileText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 60, unit: fc.constantFrom('<', '>', '"', "'", '&', '/', '=', ' ', 'a', 'script', '{{', '}}', '{%', '%}', '\n') }),
  fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }),
).filter((text) => text.trim() !== '');

/** Text variables a customer or an event source controls, per template that shows them in HTML. */
const CASES: ReadonlyArray<{ template: TemplateKey; variables: readonly string[] }> = [
  { template: 'crisis_alert', variables: ['name', 'headline', 'crisisMessage'] },
  { template: 'incident_update', variables: ['name', 'incidentId', 'incidentTitle', 'incidentMessage'] },
  { template: 'survey_invitation', variables: ['name', 'incidentTitle'] },
];

describe('HTML escaping (property)', () => {
  it.each(CASES)('no string in a $template variable adds markup characters to the HTML', async ({ template, variables }) => {
    for (const locale of SUPPORTED_LOCALES) {
      const base = documentedVars(template, locale);
      const plain = Object.fromEntries(variables.map((variable) => [variable, 'x']));
      const reference = (await renderMessage({ template, locale, channel: 'email', vars: { ...base, ...plain }, category: 'service' })).html ?? '';

      await fc.assert(
        fc.asyncProperty(fc.record(Object.fromEntries(variables.map((variable) => [variable, hostileText]))), async (values) => {
          const { html = '' } = await renderMessage({ template, locale, channel: 'email', vars: { ...base, ...values }, category: 'service' });
          // Escaped output turns each of these into an entity, so the markup keeps exactly the template's own.
          for (const character of MARKUP) expect(count(html, character), `${character} in ${locale}`).toBe(count(reference, character));
        }),
        { numRuns: 60 },
      );
    }
  });
});

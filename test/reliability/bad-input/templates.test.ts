/**
 * The template bad-input corpus (templates.cases.ts) against the domain's renderMessage — the renderer every
 * send uses — plus the liquid engines' own behaviour on missing variables (strictVariables).
 */
import { Liquid, UndefinedVariableError } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { TemplateVariableInvalidError, TemplateVariableMissingError, renderMessage, type RenderedMessage } from '../../../functions/domain/templates';
import { LIQUID_OPTIONS } from '../../../functions/domain/templates/render';
import { documentedVars } from '../../unit/templates/fixtures';
import { HOSTILE_TEXT_CASES, INVALID_LINK_CASES, MISSING_CASES } from './templates.cases';
import { reportCount } from './support';

const parts = (message: RenderedMessage) => [message.subject, message.html, message.text, message.title].filter((part): part is string => part !== undefined);
/** liquid's `escape`, which the HTML engine applies to every output. */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

describe('templates: a missing required variable is an error naming it', () => {
  it('has a case for every required variable of every template', () => {
    reportCount('templates', MISSING_CASES.length + INVALID_LINK_CASES.length + HOSTILE_TEXT_CASES.length + 3);
    expect(MISSING_CASES.length).toBeGreaterThanOrEqual(28);
  });

  it.each(MISSING_CASES)('$guards ($locale, $channel)', async (c) => {
    const vars = { ...documentedVars(c.template, 'en'), [c.variable]: c.value };
    // With the variable present, the same render succeeds: the error is about this variable alone.
    await expect(renderMessage({ ...c, vars: { ...vars, [c.variable]: documentedVars(c.template, 'en')[c.variable] ?? 'https://journeys.example/u?t=1' } })).resolves.toBeDefined();

    const rendering = renderMessage({ template: c.template, locale: c.locale, channel: c.channel, category: c.category, vars });
    await expect(rendering).rejects.toBeInstanceOf(TemplateVariableMissingError);
    await expect(rendering).rejects.toMatchObject({
      variable: c.variable,
      status: 400,
      issues: [{ path: `vars.${c.variable}` }],
      message: expect.stringContaining(`"${c.variable}"`),
    });
  });
});

describe('templates: a link that is not a plain absolute http(s) URL is refused', () => {
  it.each(INVALID_LINK_CASES)('$guards', async (c) => {
    const vars = { ...documentedVars(c.template, 'en'), unsubscribeUrl: 'https://journeys.example/u?t=1', [c.variable]: c.value };
    for (const channel of ['email', 'sms', 'push'] as const) {
      const rendering = renderMessage({ template: c.template, locale: 'en', channel, category: 'marketing', vars });
      await expect(rendering).rejects.toBeInstanceOf(TemplateVariableInvalidError);
      await expect(rendering).rejects.toMatchObject({ variable: c.variable, issues: [{ path: `vars.${c.variable}` }] });
    }
  });
});

describe('templates: text that looks like liquid or HTML is data', () => {
  it.each(HOSTILE_TEXT_CASES)('$guards', async (c) => {
    for (const channel of ['email', 'sms', 'push'] as const) {
      const base = { template: c.template, locale: 'en', channel, category: 'service' as const };
      const reference = await renderMessage({ ...base, vars: { ...documentedVars(c.template, 'en'), [c.variable]: 'MARKER' } });
      const message = await renderMessage({ ...base, vars: { ...documentedVars(c.template, 'en'), [c.variable]: c.value } });
      // Wherever the template shows the variable, the value stands there as written: raw in text, escaped in HTML.
      if (reference.html?.includes('MARKER')) {
        expect(message.html).toContain(escapeHtml(c.value));
        expect(message.html!.split('<').length).toBe(reference.html.split('<').length);
      }
      for (const part of ['subject', 'text', 'title'] as const) {
        if (reference[part]?.includes('MARKER')) expect(message[part]).toContain(c.value);
      }
      for (const text of c.forbidden) {
        const already = parts(reference).some((part) => part.includes(text));
        if (!already) for (const part of parts(message)) expect(part).not.toContain(text);
      }
      for (const text of c.forbiddenInHtml ?? []) expect(message.html ?? '').not.toContain(text);
      expect(parts(message).join('\n')).not.toMatch(/\bundefined\b|\[object /);
    }
  });
});

describe('templates: the liquid engines refuse a variable nobody passed (strictVariables)', () => {
  const engine = new Liquid(LIQUID_OPTIONS);

  it('throws on an output of a missing variable instead of rendering a gap', () => {
    expect(() => engine.parseAndRenderSync('Hello {{ nickname }},', { name: 'Ana' })).toThrow(UndefinedVariableError);
  });

  it('lets a template ask whether an optional variable is there (lenientIf) and default it', () => {
    expect(engine.parseAndRenderSync('Hello{% if name %} {{ name }}{% endif %},', {})).toBe('Hello,');
    expect(engine.parseAndRenderSync("{{ name | default: 'there' }}", {})).toBe('there');
  });

  it('reads only own properties of the scope (no prototype members such as constructor or toString)', () => {
    expect(() => engine.parseAndRenderSync('{{ name.constructor }}', { name: 'Ana' })).toThrow(UndefinedVariableError);
    expect(() => engine.parseAndRenderSync('{{ toString }}', Object.create({ toString: 'inherited' }) as object)).toThrow(UndefinedVariableError);
  });
});

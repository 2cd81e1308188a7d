import { describe, expect, it } from 'vitest';
import { TEMPLATE_KEYS } from '../../../functions/domain/model/message';
import { CHANNELS } from '../../../functions/domain/model/primitives';
import {
  renderMessage,
  SAMPLE_VARIABLES,
  SUPPORTED_LOCALES,
  TemplateVariableInvalidError,
  TemplateVariableMissingError,
} from '../../../functions/domain/templates';
import { documentedVars, LEFTOVERS } from './fixtures';

const everyCombination = TEMPLATE_KEYS.flatMap((template) =>
  SUPPORTED_LOCALES.flatMap((locale) => CHANNELS.map((channel) => ({ template, locale, channel }))),
);

describe('every template renders in every locale on every channel', () => {
  it.each(everyCombination)('$template in $locale by $channel, with every documented variable', async ({ template, locale, channel }) => {
    const message = await renderMessage({ template, locale, channel, vars: documentedVars(template, locale), category: 'marketing' });

    expect(message.locale).toBe(locale);
    expect(message.channel).toBe(channel);
    expect(message.text.trim()).not.toBe('');
    for (const part of [message.subject, message.html, message.text, message.title]) expect(part ?? '').not.toMatch(LEFTOVERS);
    if (channel === 'email') {
      expect(message.subject).toBeTruthy();
      expect(message.html).toContain('Journeys');
      expect(message.title).toBeUndefined();
    } else {
      expect(message.subject).toBeUndefined();
      expect(message.html).toBeUndefined();
    }
    if (channel === 'push') expect(message.title).toBeTruthy();
  });

  it.each(everyCombination)('$template in $locale by $channel reads well with only the required variables', async ({ template, locale, channel }) => {
    const message = await renderMessage({ template, locale, channel, vars: documentedVars(template, locale, 'required'), category: 'service' });

    for (const part of [message.subject, message.html, message.text, message.title]) expect(part ?? '').not.toMatch(LEFTOVERS);
    // An optional link that is absent leaves neither an empty button nor an empty href behind.
    expect(message.html ?? '').not.toMatch(/href=""/);
    // No dangling punctuation where an optional name would have gone ("Hello ,", "Kedves !").
    expect(message.text).not.toMatch(/ [,!]/);
    expect(message.subject ?? '').not.toMatch(/ [,!]|,$/);
  });
});

describe('required variables', () => {
  const cases = TEMPLATE_KEYS.flatMap((template) =>
    SUPPORTED_LOCALES.flatMap((locale) =>
      Object.keys(documentedVars(template, locale, 'required')).map((variable) => ({ template, locale, variable })),
    ),
  );

  it.each(cases)('$template in $locale refuses to render without $variable', async ({ template, locale, variable }) => {
    const vars = { ...documentedVars(template, locale), [variable]: undefined };
    for (const channel of CHANNELS) {
      const rendering = renderMessage({ template, locale, channel, vars, category: 'service' });
      await expect(rendering).rejects.toBeInstanceOf(TemplateVariableMissingError);
      await expect(rendering).rejects.toMatchObject({
        code: 'template_variable_missing',
        status: 400,
        variable,
        message: expect.stringMatching(new RegExp(`${template}.*${locale}.*${variable}`)),
      });
    }
  });

  it('gives a push notification the email action\'s link as its tap target, and none to a template without one', async () => {
    const survey = await renderMessage({ template: 'survey_invitation', locale: 'hu', channel: 'push', vars: { surveyUrl: 'https://journeys.example/surveys/abc' }, category: 'service' });
    expect(survey).toMatchObject({ channel: 'push', title: 'Egyetlen rövid kérdés', link: 'https://journeys.example/surveys/abc' });
    const clear = await renderMessage({ template: 'all_clear', locale: 'en', channel: 'push', vars: { headline: 'Payments' }, category: 'service' });
    expect(Object.keys(clear).sort()).toEqual(['channel', 'locale', 'text', 'title']);
    const sms = await renderMessage({ template: 'survey_invitation', locale: 'en', channel: 'sms', vars: { surveyUrl: 'https://journeys.example/surveys/abc' }, category: 'service' });
    expect(sms.link).toBeUndefined();
  });

  it('treats a blank or null required variable as missing', async () => {
    for (const surveyUrl of ['', '   ', null]) {
      await expect(renderMessage({ template: 'survey_invitation', locale: 'en', channel: 'sms', vars: { surveyUrl }, category: 'service' })).rejects.toThrow(
        TemplateVariableMissingError,
      );
    }
  });

  it('requires the unsubscribe link on marketing email, and shows it', async () => {
    const vars = documentedVars('tips', 'sk', 'required');
    await expect(renderMessage({ template: 'tips', locale: 'sk', channel: 'email', vars, category: 'marketing' })).rejects.toMatchObject({
      variable: 'unsubscribeUrl',
    });

    const unsubscribeUrl = 'https://example.com/u/token?a=1&b=2';
    const email = await renderMessage({ template: 'tips', locale: 'sk', channel: 'email', vars: { ...vars, unsubscribeUrl }, category: 'marketing' });
    expect(email.html).toContain('href="https://example.com/u/token?a=1&amp;b=2"');
    expect(email.html).toContain('Odhlásiť sa</a>');
    expect(email.text).toContain(`Odhlásiť sa: ${unsubscribeUrl}`);
  });

  it('does not require an unsubscribe link on service email or on SMS and push', async () => {
    const service = await renderMessage({ template: 'incident_ack', locale: 'en', channel: 'email', vars: documentedVars('incident_ack', 'en', 'required'), category: 'service' });
    expect(service.html).not.toContain('Unsubscribe');
    const sms = await renderMessage({ template: 'tips', locale: 'en', channel: 'sms', vars: documentedVars('tips', 'en', 'required'), category: 'marketing' });
    expect(sms.text).toContain(SAMPLE_VARIABLES.en.appUrl);
  });

  it('refuses a link that is not an http(s) URL, so no javascript: reaches an href', async () => {
    for (const helpUrl of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '/relative/path', 'not a url']) {
      await expect(renderMessage({ template: 'detractor_offer', locale: 'en', channel: 'email', vars: { helpUrl }, category: 'service' })).rejects.toMatchObject({
        code: 'template_variable_invalid',
        variable: 'helpUrl',
      });
    }
    await expect(
      renderMessage({ template: 'passive_thanks', locale: 'en', channel: 'email', vars: { helpUrl: 'javascript:alert(1)' }, category: 'service' }),
    ).rejects.toBeInstanceOf(TemplateVariableInvalidError);
  });
});

describe('escaping and header safety', () => {
  const hostile = '<script>alert(1)</script>';

  it.each(SUPPORTED_LOCALES)('escapes a hostile customer name and crisis text in %s HTML, but not in the text part', async (locale) => {
    const vars = { ...documentedVars('crisis_alert', locale), name: hostile, headline: `Outage ${hostile}`, crisisMessage: `"quoted" & ${hostile}` };
    const email = await renderMessage({ template: 'crisis_alert', locale, channel: 'email', vars, category: 'service' });

    expect(email.html).not.toContain('<script');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('&#34;quoted&#34; &amp; ');
    // Plain text is not HTML: escaping it would show "&lt;" to the reader.
    expect(email.text).toContain(`"quoted" & ${hostile}`);
  });

  it('renders liquid markup inside a variable as text, never as template code', async () => {
    const vars = { ...documentedVars('welcome', 'en'), name: '{{ unsubscribeUrl }}{% if true %}x{% endif %}' };
    const email = await renderMessage({ template: 'welcome', locale: 'en', channel: 'email', vars, category: 'marketing' });
    expect(email.text).toContain('Hello {{ unsubscribeUrl }}{% if true %}x{% endif %},');
  });

  it.each([
    { template: 'welcome' as const, variable: 'name' },
    { template: 'crisis_alert' as const, variable: 'headline' },
    { template: 'incident_ack' as const, variable: 'incidentTitle' },
  ])('keeps the $template subject on one line when $variable holds CR/LF', async ({ template, variable }) => {
    const vars = { ...documentedVars(template, 'en'), [variable]: 'Ana\r\nBcc: victim@example.com\r\n\r\n<b>body</b>' };
    const email = await renderMessage({ template, locale: 'en', channel: 'email', vars, category: 'marketing' });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('Ana Bcc: victim@example.com <b>body</b>');
  });

  it('keeps push titles on one line', async () => {
    const vars = { ...documentedVars('crisis_alert', 'hu'), headline: 'Fizetési\nzavar' };
    const push = await renderMessage({ template: 'crisis_alert', locale: 'hu', channel: 'push', vars, category: 'service' });
    expect(push.title).toBe('Fizetési zavar');
  });
});

describe('email HTML', () => {
  it('is responsive MJML output: viewport meta, media queries, the locale as lang', async () => {
    const email = await renderMessage({ template: 'survey_invitation', locale: 'cs', channel: 'email', vars: documentedVars('survey_invitation', 'cs'), category: 'service' });
    expect(email.html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
    expect(email.html).toMatch(/@media only screen and \(min-width:\d+px\)/);
    expect(email.html).toMatch(/<html lang="cs"/);
    expect(email.html).toContain(`href="${SAMPLE_VARIABLES.cs.surveyUrl}"`);
  });

  it('shows the post-mortem link in the all-clear only when there is one', async () => {
    const vars = documentedVars('all_clear', 'en');
    const withLink = await renderMessage({ template: 'all_clear', locale: 'en', channel: 'email', vars, category: 'service' });
    expect(withLink.html).toContain(`href="${vars.postmortemUrl}"`);
    expect(withLink.text).toContain(`Read the post-mortem: ${vars.postmortemUrl}`);

    const { postmortemUrl: _omitted, ...withoutPostmortem } = vars;
    const without = await renderMessage({ template: 'all_clear', locale: 'en', channel: 'email', vars: withoutPostmortem, category: 'service' });
    expect(without.html).not.toContain('post-mortem');
    expect(without.text).not.toContain('post-mortem');
  });

  it('renders the same email identically from the cache', async () => {
    const request = { template: 'promoter_ask' as const, locale: 'hu', channel: 'email' as const, vars: documentedVars('promoter_ask', 'hu'), category: 'marketing' as const };
    const [first, second] = await Promise.all([renderMessage(request), renderMessage(request)]);
    const third = await renderMessage(request);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });
});

describe('locale fallback while rendering', () => {
  it.each([
    { requested: 'sk-SK', used: 'sk' },
    { requested: 'cs_CZ', used: 'cs' },
    { requested: 'en-GB', used: 'en' },
    { requested: 'de-AT', used: 'en' },
    { requested: 'garbage!', used: 'en' },
  ])('renders $requested in $used', async ({ requested, used }) => {
    const message = await renderMessage({ template: 'welcome', locale: requested, channel: 'push', vars: documentedVars('welcome', 'en'), category: 'marketing' });
    expect(message.locale).toBe(used);
  });
});

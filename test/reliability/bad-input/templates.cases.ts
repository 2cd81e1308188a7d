/**
 * The template surface: what the journeys hand `renderMessage`. A required variable that is missing — absent,
 * null, blank, or only invisible characters — is a TemplateVariableMissingError naming it (`vars.<name>`),
 * never a message with an empty or "undefined" gap; a link that is not a plain absolute http(s) URL is a
 * TemplateVariableInvalidError; text that looks like liquid or HTML is data, never evaluated, escaped in HTML.
 */
import { TEMPLATE_KEYS, type TemplateKey } from '../../../functions/domain/model/message';
import { CHANNELS, type Category, type Channel } from '../../../functions/domain/model/primitives';
import { SUPPORTED_LOCALES, TEMPLATE_VARIABLES, type TemplateVariable } from '../../../functions/domain/templates';

/** The ways a value can be missing: the absent key, null, blank text, or text nobody can see. */
const MISSING = [
  { how: 'absent', value: undefined },
  { how: 'null', value: null },
  { how: 'empty', value: '' },
  { how: 'blank', value: ' \t\n ' },
  { how: 'zero-width only', value: '\u200B\u200D' },
  { how: 'a byte-order mark only', value: '\uFEFF' },
] as const;

export interface MissingVariableCase {
  guards: string;
  template: TemplateKey;
  locale: string;
  channel: Channel;
  category: Category;
  variable: TemplateVariable;
  value: string | null | undefined;
}

let rotation = 0;
const next = <T>(list: readonly T[]): T => list[rotation++ % list.length]!;

/** Every required variable of every template, each missing in another way, on another channel and locale. */
export const MISSING_CASES: MissingVariableCase[] = [
  ...TEMPLATE_KEYS.flatMap((template) =>
    TEMPLATE_VARIABLES[template].required.map((variable) => {
      const missing = next(MISSING);
      return {
        guards: `${template} without ${variable} (${missing.how})`,
        template,
        locale: next(SUPPORTED_LOCALES),
        channel: next(CHANNELS),
        category: 'service' as const,
        variable,
        value: missing.value,
      };
    }),
  ),
  // Marketing email must carry one-click unsubscribe (rule 4): without the link, no email of any template.
  ...TEMPLATE_KEYS.map((template) => {
    const missing = next(MISSING);
    return {
      guards: `marketing ${template} email without unsubscribeUrl (${missing.how})`,
      template,
      locale: next(SUPPORTED_LOCALES),
      channel: 'email' as const,
      category: 'marketing' as const,
      variable: 'unsubscribeUrl' as const,
      value: missing.value,
    };
  }),
];

export interface InvalidLinkCase {
  guards: string;
  template: TemplateKey;
  variable: TemplateVariable;
  value: string;
}

export const INVALID_LINK_CASES: InvalidLinkCase[] = [
  { guards: 'a javascript: app link', template: 'welcome', variable: 'appUrl', value: 'javascript:alert(document.cookie)' },
  { guards: 'a mixed-case JaVaScRiPt: link', template: 'tips', variable: 'appUrl', value: 'JaVaScRiPt:alert(1)' },
  { guards: 'a javascript: link behind a leading space', template: 'activation_nudge', variable: 'appUrl', value: ' javascript:alert(1)' },
  { guards: 'a data: survey link', template: 'survey_invitation', variable: 'surveyUrl', value: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
  { guards: 'a vbscript: help link', template: 'detractor_offer', variable: 'helpUrl', value: 'vbscript:msgbox(1)' },
  { guards: 'a protocol-relative review link', template: 'promoter_ask', variable: 'reviewUrl', value: '//evil.example/review' },
  { guards: 'a relative status page link', template: 'incident_ack', variable: 'statusPageUrl', value: '/status' },
  { guards: 'a mailto: post-mortem link', template: 'all_clear', variable: 'postmortemUrl', value: 'mailto:oncall@evil.example' },
  { guards: 'an ftp: survey reminder link', template: 'survey_reminder', variable: 'surveyUrl', value: 'ftp://files.example/survey' },
  { guards: 'CR/LF inside an unsubscribe link (header injection via List-Unsubscribe)', template: 'tips', variable: 'unsubscribeUrl', value: 'https://journeys.example/u?t=1\r\nBcc: all@evil.example' },
  { guards: 'a space inside a status page link', template: 'crisis_alert', variable: 'statusPageUrl', value: 'https://status.example/ x' },
  { guards: 'a quote closing the href', template: 'crisis_update', variable: 'statusPageUrl', value: 'https://status.example/"onmouseover="alert(1)' },
  { guards: 'angle brackets in a link', template: 'passive_thanks', variable: 'helpUrl', value: 'https://help.example/<script>alert(1)</script>' },
  { guards: 'a bidirectional override in a link', template: 'welcome', variable: 'appUrl', value: 'https://app.example/\u202Eexe.pdf' },
];

export interface HostileTextCase {
  guards: string;
  template: TemplateKey;
  variable: TemplateVariable;
  value: string;
  /** Strings that would appear if the value were evaluated (checked in every part the template itself lacks them). */
  forbidden: readonly string[];
  /** Markup that would appear in the HTML if the value were not escaped (text parts carry the value as written). */
  forbiddenInHtml?: readonly string[];
}

export const HOSTILE_TEXT_CASES: HostileTextCase[] = [
  { guards: 'liquid output syntax in a name', template: 'welcome', variable: 'name', value: '{{ appUrl }}', forbidden: [] },
  { guards: 'liquid arithmetic in a headline', template: 'crisis_alert', variable: 'headline', value: '{{ 7 | times: 6 }}', forbidden: ['42'] },
  { guards: 'a liquid loop in a crisis message', template: 'crisis_update', variable: 'crisisMessage', value: '{% for i in (1..1000) %}x{% endfor %}', forbidden: ['xxxxxxxxxx'] },
  { guards: 'a liquid include in an incident title', template: 'incident_ack', variable: 'incidentTitle', value: "{% include 'secrets' %}", forbidden: [] },
  { guards: 'a liquid raw block in an incident message', template: 'incident_update', variable: 'incidentMessage', value: '{% raw %}{{ headline }}{% endraw %}', forbidden: [] },
  { guards: 'a script tag in a name', template: 'detractor_offer', variable: 'name', value: '<script>alert(1)</script>', forbidden: [], forbiddenInHtml: ['<script>alert'] },
  { guards: 'an attribute break-out in an incident title', template: 'survey_invitation', variable: 'incidentTitle', value: '"><img src=x onerror=alert(1)>', forbidden: [], forbiddenInHtml: ['<img src=x', '"><img'] },
  { guards: 'an already-escaped entity in a headline (not unescaped)', template: 'all_clear', variable: 'headline', value: '&lt;b&gt;resolved&lt;/b&gt;', forbidden: ['<b>resolved</b>'], forbiddenInHtml: ['&lt;b&gt;resolved'] },
  { guards: 'a single-quote break-out in a name', template: 'promoter_ask', variable: 'name', value: "' onmouseover='alert(1)", forbidden: [], forbiddenInHtml: ["' onmouseover='"] },
];

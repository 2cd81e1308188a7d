/**
 * The variables each template reads: the contract between the journeys (which pass them) and the
 * translations (which use them). A test checks every translation against this map, so a template cannot
 * start needing a variable nobody passes, and a required one cannot go unused.
 */
import type { TemplateKey } from '../model/message';
import { UNSAFE_IN_URL, type Category } from '../model/primitives';
import { TemplateVariableInvalidError, TemplateVariableMissingError } from './errors';

export type TemplateVariable =
  | 'name'
  | 'unsubscribeUrl'
  | 'appUrl'
  | 'incidentId'
  | 'incidentTitle'
  | 'incidentMessage'
  | 'statusPageUrl'
  | 'headline'
  | 'crisisMessage'
  | 'nextUpdateBy'
  | 'postmortemUrl'
  | 'surveyUrl'
  | 'helpUrl'
  | 'reviewUrl'
  | 'discountPercent';

export interface TemplateVariableSpec {
  /** Rendering without one of these throws TemplateVariableMissingError. */
  readonly required: readonly TemplateVariable[];
  /** Used when present; the text reads well without them. */
  readonly optional: readonly TemplateVariable[];
}

/** Every email can carry an unsubscribe link and greets by first name when it has one. */
const COMMON: readonly TemplateVariable[] = ['name', 'unsubscribeUrl'];

export const TEMPLATE_VARIABLES: Readonly<Record<TemplateKey, TemplateVariableSpec>> = {
  welcome: { required: ['appUrl'], optional: COMMON },
  activation_nudge: { required: ['appUrl'], optional: COMMON },
  activation_nudge_benefit: { required: ['appUrl'], optional: COMMON },
  tips: { required: ['appUrl'], optional: COMMON },
  incident_ack: { required: ['incidentId', 'incidentTitle'], optional: [...COMMON, 'statusPageUrl'] },
  // incidentMessage: the text of the `incident.updated` event (`data.message`), when the source sent one.
  incident_update: { required: ['incidentId', 'incidentTitle'], optional: [...COMMON, 'statusPageUrl', 'incidentMessage'] },
  crisis_alert: { required: ['headline', 'crisisMessage'], optional: [...COMMON, 'statusPageUrl'] },
  crisis_update: { required: ['headline', 'crisisMessage'], optional: [...COMMON, 'statusPageUrl'] },
  // nextUpdateBy: the customer's local time ("17:00") by which they hear again if nothing changes.
  crisis_reminder: { required: ['headline', 'nextUpdateBy'], optional: [...COMMON, 'statusPageUrl'] },
  // crisisMessage: the resolution's own message, if on-call wrote one; postmortemUrl: when it is published.
  all_clear: { required: ['headline'], optional: [...COMMON, 'crisisMessage', 'postmortemUrl'] },
  // incidentTitle: set when the survey follows an incident, so it can say which one.
  survey_invitation: { required: ['surveyUrl'], optional: [...COMMON, 'incidentTitle'] },
  survey_reminder: { required: ['surveyUrl'], optional: COMMON },
  detractor_offer: { required: ['helpUrl'], optional: COMMON },
  detractor_help: { required: ['helpUrl'], optional: COMMON },
  // discountPercent: what a detractor of a critical incident is offered (the policy's compensation).
  compensation_offer: { required: ['helpUrl', 'discountPercent'], optional: COMMON },
  promoter_ask: { required: ['reviewUrl'], optional: COMMON },
  passive_thanks: { required: [], optional: [...COMMON, 'helpUrl'] },
};

/** Marketing email must offer one-click unsubscribe (rule 4), so for it the link is required. */
export const MARKETING_EMAIL_VARIABLES: readonly TemplateVariable[] = ['unsubscribeUrl'];

export type TemplateValue = string | number | boolean | null | undefined;
export type TemplateVars = Readonly<Record<string, TemplateValue>>;

/** The variables a render of `template` in `category` on `channel` cannot do without. */
export function requiredVariables(template: TemplateKey, category: Category, channel: string): readonly TemplateVariable[] {
  const required = TEMPLATE_VARIABLES[template].required;
  return category === 'marketing' && channel === 'email' ? [...required, ...MARKETING_EMAIL_VARIABLES] : required;
}

/**
 * The scope a template renders with: absent, null and blank (or invisible) values are dropped (a blank survey link is as
 * useless as none, and `{% if %}`/`default` then treat them as missing), required ones must be there, and
 * every `…Url` must be an absolute http(s) URL, so no `javascript:` link reaches an href.
 */
export function templateScope(template: TemplateKey, locale: string, category: Category, channel: string, vars: TemplateVars): Record<string, string> {
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(vars)) {
    if (value === null || value === undefined) continue;
    const text = String(value);
    if (INVISIBLE_ONLY.test(text)) continue;
    if (key.endsWith('Url') && !isHttpUrl(text)) throw new TemplateVariableInvalidError(template, locale, key, 'must be an absolute http(s) URL');
    entries.push([key, text]);
  }
  // fromEntries defines own properties, so a key like `__proto__` is data, not a prototype.
  const scope = Object.fromEntries(entries);
  for (const variable of requiredVariables(template, category, channel)) {
    if (!Object.hasOwn(scope, variable)) throw new TemplateVariableMissingError(template, locale, variable);
  }
  return scope;
}

/**
 * Blank: nothing a reader would see. `trim()` keeps zero-width characters, so a title of one U+200B would
 * render as an empty placeholder; they count as blank too.
 */
const INVISIBLE_ONLY = /^[\s\u200B-\u200D\u2060\uFEFF]*$/;

function isHttpUrl(text: string): boolean {
  // The URL parser would forgive CR/LF and spaces, but the text goes into SMS and headers as written.
  if (UNSAFE_IN_URL.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

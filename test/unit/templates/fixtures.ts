/** Variables for template tests: the documented ones for a template, from the realistic samples. */
import type { TemplateKey } from '../../../functions/domain/model/message';
import { SAMPLE_VARIABLES, TEMPLATE_VARIABLES, type SupportedLocale, type TemplateVariable } from '../../../functions/domain/templates';

/** Required variables only, or required plus every optional one. */
export function documentedVars(template: TemplateKey, locale: SupportedLocale, include: 'required' | 'all' = 'all'): Record<string, string> {
  const spec = TEMPLATE_VARIABLES[template];
  const names: readonly TemplateVariable[] = include === 'all' ? [...spec.required, ...spec.optional] : spec.required;
  return Object.fromEntries(names.map((name) => [name, SAMPLE_VARIABLES[locale][name]]));
}

/** What a rendered message must never contain: unrendered liquid or a stringified missing value. */
export const LEFTOVERS = /\{\{|\}\}|\{%|%\}|\bundefined\b|\bnull\b|\[object /;

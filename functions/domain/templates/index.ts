/**
 * Message templates: every journey message in en, sk, cs and hu, for email (MJML → responsive HTML + text),
 * SMS and push; locale fallback; SMS part counting; signed one-click unsubscribe links.
 */
export { renderMessage, precompileEmails, type RenderRequest, type RenderedMessage } from './render';
export { resolveLocale, localeChain, SUPPORTED_LOCALES, DEFAULT_LOCALE, DEFAULT_FALLBACKS, type SupportedLocale } from './locale';
export { smsSegments, fitsOneSms, type SmsSegments, type SmsEncoding } from './sms-segments';
export {
  signUnsubscribeToken,
  verifyUnsubscribeToken,
  listUnsubscribeHeaders,
  type UnsubscribeClaim,
  type VerifyOptions,
  type MailHeader,
} from './unsubscribe-token';
export {
  TEMPLATE_VARIABLES,
  MARKETING_EMAIL_VARIABLES,
  requiredVariables,
  type TemplateVariable,
  type TemplateVariableSpec,
  type TemplateVars,
  type TemplateValue,
} from './variables';
export { TemplateVariableMissingError, TemplateVariableInvalidError, InvalidUnsubscribeTokenError, type InvalidTokenReason } from './errors';
export { SAMPLE_VARIABLES, type SampleVariables } from './samples';
export { CATALOG } from './catalog';
export type { LocaleCatalog, TemplateCopy, EmailCopy, LocaleChrome, Paragraph, ConditionalParagraph } from './catalog';

/**
 * The shape of one locale's translations. Translators write words and liquid placeholders only; the layout
 * (../layout.ts) turns them into the MJML email, the plain-text email, and nothing here knows about markup.
 * Static text is escaped by the layout, so `&` or `<` in a sentence is safe; variables are escaped at render.
 */
import type { TemplateKey } from '../../model/message';
import type { TemplateVariable } from '../variables';

/** A paragraph shown only when `when` (an optional variable) is set, e.g. the post-mortem sentence. */
export interface ConditionalParagraph {
  readonly text: string;
  readonly when: TemplateVariable;
}

export type Paragraph = string | ConditionalParagraph;

export interface EmailCopy {
  /** Liquid, one line; CR/LF from variables are removed at render. */
  readonly subject: string;
  /** The inbox preview line shown after the subject. */
  readonly preheader: string;
  readonly heading: string;
  readonly paragraphs: readonly Paragraph[];
  /** The one button. When its variable is optional for the template, the button shows only if it is set. */
  readonly action?: { readonly label: string; readonly url: TemplateVariable };
}

export interface TemplateCopy {
  readonly email: EmailCopy;
  /** Written to fit one SMS part with realistic variables (see sms-segments.ts). */
  readonly sms: string;
  readonly push: { readonly title: string; readonly body: string };
}

/** What every email of a locale shares: greeting, sign-off and footer. */
export interface LocaleChrome {
  /** Liquid; must read well without `name`. */
  readonly greeting: string;
  readonly signOff: string;
  /** Why the customer gets this email. */
  readonly footer: string;
  /** Shown with the unsubscribe link, when the email has one. */
  readonly unsubscribePrompt: string;
  readonly unsubscribeLabel: string;
}

export interface LocaleCatalog {
  readonly chrome: LocaleChrome;
  /** A Record, so a new TemplateKey without a translation fails to compile. */
  readonly templates: Readonly<Record<TemplateKey, TemplateCopy>>;
}

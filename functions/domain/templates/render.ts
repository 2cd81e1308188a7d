/**
 * Renders one message: a template, in the customer's language (or the nearest we have), for one channel.
 *
 * Email HTML comes precompiled: `npm run templates` (scripts/compile-templates.ts) turns the layout's MJML into
 * minified HTML with the liquid placeholders still in it (MJML copies `{{ … }}` and `{% … %}` through as text) and
 * commits one file per template and locale under assets/emails/, read when first rendered (through the source given
 * to `useCompiledEmails`: functions/adapters/email-templates.ts):
 * neither MJML nor the HTML is in a Lambda bundle; a test fails while the files are stale. Each (template, locale)
 * HTML is read and parsed by liquid once, on first use; each send then costs one liquid render. `renderMessage` stays async for its callers.
 *
 * Variables are escaped in HTML by liquid's `outputEscape`, so a name like `<script>` arrives as text; the
 * plain-text parts (subject, text body, SMS, push) are rendered unescaped, and the subject and push title are
 * forced onto one line so a variable cannot inject mail headers.
 */
import { Liquid, UndefinedVariableError, type Template } from 'liquidjs';
import type { TemplateKey } from '../model/message';
import type { Category, Channel } from '../model/primitives';
import { CATALOG } from './catalog';
import { TemplateVariableMissingError } from './errors';
import { emailText } from './layout';
import { resolveLocale, SUPPORTED_LOCALES, type SupportedLocale } from './locale';
import { templateScope, type TemplateVars } from './variables';

export interface RenderRequest {
  template: TemplateKey;
  /** The customer's BCP 47 locale; resolved with fallbacks (sk-SK → sk, de → en). */
  locale: string;
  channel: Channel;
  vars: TemplateVars;
  /** Marketing email must carry an unsubscribe link, so it requires `unsubscribeUrl`. */
  category: Category;
}

export interface RenderedMessage {
  /** The locale actually used, after fallback. */
  locale: string;
  channel: Channel;
  /** Email only: one line. */
  subject?: string;
  /** Email only: the responsive HTML part. */
  html?: string;
  /** Email: the plain-text part; SMS: the message; push: the body. */
  text: string;
  /** Push only: one line. */
  title?: string;
  /**
   * Push only: where a tap leads — the link of the email's action button (the survey link for a survey invitation,
   * the app for a welcome), when the template has one and it was passed.
   */
  link?: string;
}

/** Exported so a test can check the engines' behaviour on missing variables (they are built from these). */
export const LIQUID_OPTIONS = {
  // A variable the template uses but nobody passed is a bug to surface, not an empty gap in a message…
  strictVariables: true,
  // …except where the template itself asks "is it there?": `{% if statusPageUrl %}` and `| default:`.
  lenientIf: true,
  ownPropertyOnly: true,
} as const;

/** The one liquid engine for HTML: every `{{ output }}` is HTML-escaped. */
const htmlLiquid = new Liquid({ ...LIQUID_OPTIONS, outputEscape: 'escape' });
/** Plain text must not be escaped (`&amp;` in an SMS is a bug), so it gets its own engine. */
const textLiquid = new Liquid(LIQUID_OPTIONS);

interface TextTemplates {
  subject: Template[];
  emailText: Template[];
  sms: Template[];
  pushTitle: Template[];
  pushBody: Template[];
}

const textCache = new Map<string, TextTemplates>();
const htmlCache = new Map<string, Template[]>();

export async function renderMessage(request: RenderRequest): Promise<RenderedMessage> {
  const { template, channel, category } = request;
  const locale = resolveLocale(request.locale, SUPPORTED_LOCALES) as SupportedLocale;
  const scope = templateScope(template, locale, category, channel, request.vars);
  const parts = textTemplates(template, locale);
  const fill = (engine: Liquid, parsed: Template[]): string => renderParsed(engine, parsed, scope, template, locale);

  switch (channel) {
    case 'email': {
      const html = compiledHtml(template, locale);
      return {
        locale,
        channel,
        subject: singleLine(fill(textLiquid, parts.subject)),
        html: fill(htmlLiquid, html),
        text: tidyText(fill(textLiquid, parts.emailText)),
      };
    }
    case 'sms':
      return { locale, channel, text: fill(textLiquid, parts.sms).trim() };
    case 'push': {
      const action = CATALOG[locale].templates[template].email.action;
      const link = action ? scope[action.url] : undefined;
      return { locale, channel, title: singleLine(fill(textLiquid, parts.pushTitle)), text: fill(textLiquid, parts.pushBody).trim(), ...(link ? { link } : {}) };
    }
  }
}

/**
 * Parse the email HTML ahead of the first send (e.g. at Lambda init), so no customer waits for it. The HTML itself
 * was compiled from MJML at build time.
 */
export async function precompileEmails(templates: readonly TemplateKey[], locales: readonly SupportedLocale[] = SUPPORTED_LOCALES): Promise<void> {
  for (const template of templates) for (const locale of locales) compiledHtml(template, locale);
}

function textTemplates(template: TemplateKey, locale: SupportedLocale): TextTemplates {
  const key = `${template}:${locale}`;
  let parsed = textCache.get(key);
  if (!parsed) {
    const { chrome, templates } = CATALOG[locale];
    const copy = templates[template];
    parsed = {
      subject: textLiquid.parse(copy.email.subject),
      emailText: textLiquid.parse(emailText(template, chrome, copy.email)),
      sms: textLiquid.parse(copy.sms),
      pushTitle: textLiquid.parse(copy.push.title),
      pushBody: textLiquid.parse(copy.push.body),
    };
    textCache.set(key, parsed);
  }
  return parsed;
}

/** Where an email's compiled HTML comes from: I/O, so not the domain's (functions/adapters/email-templates.ts). */
export type CompiledEmailSource = (template: TemplateKey, locale: SupportedLocale) => string;
let compiledEmailSource: CompiledEmailSource | undefined;

/** Sets where compiled email HTML is read from (once per process; the parsed cache starts over). */
export function useCompiledEmails(source: CompiledEmailSource): void {
  if (source === compiledEmailSource) return;
  compiledEmailSource = source;
  htmlCache.clear();
}

function compiledHtml(template: TemplateKey, locale: SupportedLocale): Template[] {
  const key = `${template}:${locale}`;
  let parsed = htmlCache.get(key);
  if (!parsed) {
    if (!compiledEmailSource) throw new Error('no compiled email source: call useCompiledEmails (functions/adapters/email-templates.ts) first');
    parsed = htmlLiquid.parse(compiledEmailSource(template, locale));
    htmlCache.set(key, parsed);
  }
  return parsed;
}

function renderParsed(engine: Liquid, parsed: Template[], scope: object, template: TemplateKey, locale: string): string {
  try {
    return engine.renderSync(parsed, scope) as string;
  } catch (error) {
    // templateScope checks the documented variables first; this catches a template using an undocumented one.
    if (error instanceof UndefinedVariableError) {
      const variable = (error.originalError as { variableName?: string } | undefined)?.variableName ?? 'unknown';
      throw new TemplateVariableMissingError(template, locale, variable);
    }
    throw error;
  }
}

/** Subjects and titles are one line: line breaks become spaces, other control characters go. */
function singleLine(text: string): string {
  return text
    .replace(/[\r\n\t\u0085\u2028\u2029]+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Conditional blocks leave blank lines behind; keep at most one between paragraphs. */
function tidyText(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

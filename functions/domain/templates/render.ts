/**
 * Renders one message: a template, in the customer's language (or the nearest we have), for one channel.
 *
 * Email HTML comes precompiled: `npm run templates` (scripts/compile-templates.ts) turns the layout's MJML into
 * minified HTML with the liquid placeholders still in it (MJML copies `{{ … }}` and `{% … %}` through as text) and
 * commits one file per template and locale under assets/emails/, with the message's text parts (the locale's copy
 * composed by the layout) in a JSON file beside it, both read when first rendered (through the source given to
 * `useCompiledEmails`: functions/adapters/email-templates.ts): neither MJML, nor the HTML, nor any locale's copy is
 * in a Lambda bundle; a test fails while the files are stale. Each (template, locale)
 * HTML is read and parsed by liquid once, on first use; each send then costs one liquid render. `renderMessage` stays async for its callers.
 *
 * Variables are escaped in HTML by liquid's `outputEscape`, so a name like `<script>` arrives as text; the
 * plain-text parts (subject, text body, SMS, push) are rendered unescaped, and the subject and push title are
 * forced onto one line so a variable cannot inject mail headers.
 */
import { Liquid, UndefinedVariableError, type Template } from 'liquidjs';
import type { TemplateKey } from '../model/message';
import type { Category, Channel } from '../model/primitives';
import { TemplateVariableMissingError } from './errors';
import { resolveLocale, SUPPORTED_LOCALES, type SupportedLocale } from './locale';
import { templateScope, type TemplateVariable, type TemplateVars } from './variables';

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
  actionUrl?: TemplateVariable;
}

/** One message's text parts in one locale, liquid intact: the catalog's copy as the layout composes it (build time). */
export interface CompiledCopy {
  subject: string;
  /** The whole plain-text email: greeting, paragraphs, action, sign-off and footer. */
  emailText: string;
  sms: string;
  pushTitle: string;
  pushBody: string;
  /** The variable holding the email's action link, when it has one (a push links there too). */
  actionUrl?: TemplateVariable;
}

/** Where compiled messages come from: I/O, so not the domain's (functions/adapters/email-templates.ts). */
export interface CompiledMessages {
  html(template: TemplateKey, locale: SupportedLocale): string;
  copy(template: TemplateKey, locale: SupportedLocale): CompiledCopy;
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
      const link = parts.actionUrl ? scope[parts.actionUrl] : undefined;
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
    const copy = compiledSource().copy(template, locale);
    parsed = {
      subject: textLiquid.parse(copy.subject),
      emailText: textLiquid.parse(copy.emailText),
      sms: textLiquid.parse(copy.sms),
      pushTitle: textLiquid.parse(copy.pushTitle),
      pushBody: textLiquid.parse(copy.pushBody),
      ...(copy.actionUrl ? { actionUrl: copy.actionUrl } : {}),
    };
    textCache.set(key, parsed);
  }
  return parsed;
}

let compiledMessages: CompiledMessages | undefined;

/** Sets where compiled messages are read from (once per process; the parsed caches start over). */
export function useCompiledEmails(source: CompiledMessages): void {
  if (source === compiledMessages) return;
  compiledMessages = source;
  htmlCache.clear();
  textCache.clear();
}

function compiledSource(): CompiledMessages {
  if (!compiledMessages) throw new Error('no compiled message source: call useCompiledEmails (functions/adapters/email-templates.ts) first');
  return compiledMessages;
}

function compiledHtml(template: TemplateKey, locale: SupportedLocale): Template[] {
  const key = `${template}:${locale}`;
  let parsed = htmlCache.get(key);
  if (!parsed) {
    parsed = htmlLiquid.parse(compiledSource().html(template, locale));
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

/**
 * The one email design every template shares: a branded "Journeys" header, the heading, greeting, paragraphs,
 * at most one button, a sign-off and a footer with the unsubscribe link when there is one. Built from a
 * catalog entry as MJML (for the HTML part) and as plain text (for the text part), so the two parts always
 * say the same thing. The output still holds liquid placeholders; render.ts compiles and fills them.
 */
import type { TemplateKey } from '../model/message';
import type { EmailCopy, LocaleChrome, Paragraph } from './catalog/types';
import { TEMPLATE_VARIABLES, type TemplateVariable } from './variables';

const BRAND = {
  name: 'Journeys',
  ink: '#1f2933',
  muted: '#616e7c',
  accent: '#3447c4',
  header: '#1f2a5c',
  page: '#f3f4f7',
  card: '#ffffff',
  fonts: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
} as const;

/** The full MJML document for one template in one locale. */
export function emailMjml(template: TemplateKey, locale: string, chrome: LocaleChrome, copy: EmailCopy): string {
  const paragraphs = copy.paragraphs.map((paragraph) => {
    const { text, when } = asConditional(paragraph);
    return shownWhen(when, `<mj-text>${escapeStatic(text)}</mj-text>`, mjRaw);
  });
  const { action } = copy;
  const button = action
    ? shownWhen(optionalVariable(template, action.url), `<mj-button href="{{ ${action.url} }}" align="left">${escapeStatic(action.label)}</mj-button>`, mjRaw)
    : '';
  return `<mjml lang="${locale}">
  <mj-head>
    <mj-title>${escapeStatic(copy.subject)}</mj-title>
    <mj-preview>${escapeStatic(copy.preheader)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${BRAND.fonts}" />
      <mj-text font-size="16px" line-height="24px" color="${BRAND.ink}" padding="0 0 16px 0" />
      <mj-button background-color="${BRAND.accent}" color="#ffffff" font-size="16px" font-weight="600" border-radius="6px" inner-padding="12px 24px" padding="8px 0 24px 0" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="${BRAND.page}" width="600px">
    <mj-section background-color="${BRAND.header}" padding="20px 32px">
      <mj-column>
        <mj-text color="#ffffff" font-size="22px" font-weight="700" padding="0">${BRAND.name}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="${BRAND.card}" padding="32px">
      <mj-column>
        <mj-text font-size="22px" line-height="30px" font-weight="700">${escapeStatic(copy.heading)}</mj-text>
        <mj-text>${escapeStatic(chrome.greeting)}</mj-text>
        ${paragraphs.join('\n        ')}
        ${button}
        <mj-text>${escapeStatic(chrome.signOff)}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 32px">
      <mj-column>
        <mj-text font-size="12px" line-height="18px" color="${BRAND.muted}" align="center" padding="0">${escapeStatic(chrome.footer)}{% if unsubscribeUrl %}<br />${escapeStatic(chrome.unsubscribePrompt)} <a href="{{ unsubscribeUrl }}" style="color:${BRAND.muted};text-decoration:underline">${escapeStatic(chrome.unsubscribeLabel)}</a>{% endif %}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

/** The plain-text part: the same words, links written out. Blank lines are tidied after rendering. */
export function emailText(template: TemplateKey, chrome: LocaleChrome, copy: EmailCopy): string {
  const { action } = copy;
  const blocks = [
    copy.heading,
    chrome.greeting,
    ...copy.paragraphs.map((paragraph) => {
      const { text, when } = asConditional(paragraph);
      return shownWhen(when, text, liquidTag);
    }),
    action ? shownWhen(optionalVariable(template, action.url), `${action.label}: {{ ${action.url} }}`, liquidTag) : '',
    chrome.signOff,
    `--\n${chrome.footer}{% if unsubscribeUrl %}\n${chrome.unsubscribePrompt} ${chrome.unsubscribeLabel}: {{ unsubscribeUrl }}{% endif %}`,
  ];
  return blocks.join('\n\n');
}

/**
 * A block shown only when its variable is set. In MJML the `{% if %}` tags must sit in `<mj-raw>`, which MJML
 * copies through verbatim between the table rows; anywhere else between components it would be dropped.
 */
function shownWhen(variable: TemplateVariable | undefined, content: string, wrapTag: (tag: string) => string): string {
  return variable ? `${wrapTag(`{% if ${variable} %}`)}${content}${wrapTag('{% endif %}')}` : content;
}

function asConditional(paragraph: Paragraph): { text: string; when: TemplateVariable | undefined } {
  return typeof paragraph === 'string' ? { text: paragraph, when: undefined } : paragraph;
}

const mjRaw = (tag: string) => `<mj-raw>${tag}</mj-raw>`;
const liquidTag = (tag: string) => tag;

/** The button's variable when the template may be sent without it (then the button is conditional). */
function optionalVariable(template: TemplateKey, variable: TemplateVariable): TemplateVariable | undefined {
  return TEMPLATE_VARIABLES[template].required.includes(variable) ? undefined : variable;
}

const LIQUID_MARKUP = /(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\})/;

/**
 * Escape the translators' own text for MJML (XML), leaving liquid markup alone: a `&` in a sentence must
 * become `&amp;`, but `{{ x | default: "a & b" }}` must reach liquid unchanged. Variables are escaped later,
 * by liquid's outputEscape.
 */
function escapeStatic(text: string): string {
  return text
    .split(LIQUID_MARKUP)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

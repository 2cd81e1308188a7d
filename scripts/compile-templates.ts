/**
 * `npm run templates`: compiles every email (TEMPLATE_KEYS × SUPPORTED_LOCALES) from the shared MJML layout
 * (functions/domain/templates/layout.ts + catalog/*) to minified HTML that still holds its liquid placeholders, and
 * writes one file per email to assets/emails/<template>.<locale>.html, with the message's text parts beside it
 * (<template>.<locale>.json: subject, plain-text email, SMS, push title and body, the action's variable), which
 * render.ts reads when it first renders that message (functions/adapters/email-templates.ts): neither the HTML nor
 * the copy of any locale is in a Lambda bundle. Infra copies the folder next to every bundle.
 *
 *   npx tsx scripts/compile-templates.ts [--check]
 *
 * MJML is a build tool here: it never reaches a Lambda bundle (it is megabytes of code and ~1 s to load). Run this
 * after editing a template, the layout or a locale's copy, or after upgrading mjml; test/unit/templates/
 * compiled.test.ts recompiles and fails while the committed files are stale. `--check` writes nothing and exits
 * 1 when it is stale.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mjml2html from 'mjml';
import { TEMPLATE_KEYS, type TemplateKey } from '../functions/domain/model/message';
import { CATALOG } from '../functions/domain/templates/catalog';
import { emailMjml, emailText } from '../functions/domain/templates/layout';
import { compiledCopyFile, compiledEmailFile } from '../functions/adapters/email-templates';
import type { CompiledCopy } from '../functions/domain/templates/render';
import { SUPPORTED_LOCALES, type SupportedLocale } from '../functions/domain/templates/locale';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** One minified file per template and locale, outside the code (and out of every bundle): infra copies them next to it. */
export const EMAILS_DIR = join(root, 'assets', 'emails');

const MJML_VERSION = (createRequire(import.meta.url)('mjml/package.json') as { version: string }).version;

/** One email's HTML, placeholders intact (MJML copies `{{ … }}` and `{% … %}` through as text). */
export async function compileEmail(template: TemplateKey, locale: SupportedLocale): Promise<string> {
  const { chrome, templates } = CATALOG[locale];
  // `strict`: a layout mistake fails the build (and the stale check), instead of mailing broken markup.
  // `fonts: {}`: MJML links Google Fonts for any family in its default map (Roboto among them), so every open would
  // send the recipient's IP to a third party. The layout's stack is system fonts only; nothing is loaded.
  const { html } = await mjml2html(emailMjml(template, locale, chrome, templates[template].email), {
    validationLevel: 'strict',
    keepComments: false,
    fonts: {},
  });
  return html;
}

/**
 * Safe minification of MJML's output: every line trimmed and blank lines dropped. Line breaks stay (so no two
 * tokens merge); the indentation they lose is whitespace HTML collapses anyway (the emails have no <pre>).
 */
export function minifyHtml(html: string): string {
  return html
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** One message's text parts as the renderer reads them (liquid intact): the catalog's copy, composed by the layout. */
export function compileCopy(template: TemplateKey, locale: SupportedLocale): CompiledCopy {
  const { chrome, templates } = CATALOG[locale];
  const copy = templates[template];
  return {
    subject: copy.email.subject,
    emailText: emailText(template, chrome, copy.email),
    sms: copy.sms,
    pushTitle: copy.push.title,
    pushBody: copy.push.body,
    ...(copy.email.action ? { actionUrl: copy.email.action.url } : {}),
  };
}

/**
 * Every compiled message: file name → minified HTML, and → its text parts (JSON), deterministic for given
 * templates and mjml version.
 */
export async function compiledEmailFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const template of TEMPLATE_KEYS) {
    for (const locale of SUPPORTED_LOCALES) {
      files.set(compiledEmailFile(template, locale), `${minifyHtml(await compileEmail(template, locale))}\n`);
      files.set(compiledCopyFile(template, locale), `${JSON.stringify(compileCopy(template, locale))}\n`);
    }
  }
  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await compiledEmailFiles();
  const path = relative(root, EMAILS_DIR);
  const current = (name: string) => (existsSync(join(EMAILS_DIR, name)) ? readFileSync(join(EMAILS_DIR, name), 'utf8') : undefined);
  const stale = [...files].filter(([name, html]) => current(name) !== html).map(([name]) => name);
  if (stale.length === 0) {
    console.log(`${path} is up to date (mjml ${MJML_VERSION})`);
    return;
  }
  if (check) {
    console.error(`${path} is stale (${stale.join(', ')}): run \`npm run templates\``);
    process.exitCode = 1;
    return;
  }
  mkdirSync(EMAILS_DIR, { recursive: true });
  for (const name of stale) writeFileSync(join(EMAILS_DIR, name), files.get(name)!);
  console.log(`wrote ${stale.length} files to ${path} (${TEMPLATE_KEYS.length} templates × ${SUPPORTED_LOCALES.length} locales, mjml ${MJML_VERSION})`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

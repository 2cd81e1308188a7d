/**
 * The precompiled email HTML, one minified file per template and locale (`<template>.<locale>.html`, written by
 * `npm run templates`), read from disk only when that email is first rendered: none of it is in the code bundle,
 * and a container reads only the emails it sends. The domain's renderer stays free of I/O: it asks the source
 * given to `useCompiledEmails` (handlers/runtime/deliver.ts gives it this one; tests too, test/support).
 *
 * Where the files are: `emails/` next to the bundle in a Lambda (infra copies them there after bundling), else
 * `assets/emails/` of the repository (the local runtime and tests run this module from source), or
 * `JOURNEYS_EMAILS_DIR` when set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TemplateKey } from '../domain/model/message';
import type { SupportedLocale } from '../domain/templates/locale';

/** Where the email files are, searched in this order. */
function emailsDirectory(): string {
  const candidates = [
    process.env.JOURNEYS_EMAILS_DIR,
    fileURLToPath(new URL('./emails/', import.meta.url)),
    fileURLToPath(new URL('../../assets/emails/', import.meta.url)),
  ].filter((dir): dir is string => dir !== undefined && dir !== '');
  const found = candidates.find((dir) => existsSync(dir));
  if (found === undefined) throw new Error(`compiled emails not found (looked in ${candidates.join(', ')}): run \`npm run templates\``);
  return found;
}

let directory: string | undefined;

/** The file name of one compiled email. */
export const compiledEmailFile = (template: TemplateKey, locale: SupportedLocale): string => `${template}.${locale}.html`;

/** One email's HTML, liquid placeholders intact. */
export function compiledEmail(template: TemplateKey, locale: SupportedLocale): string {
  directory ??= emailsDirectory();
  return readFileSync(`${directory}/${compiledEmailFile(template, locale)}`, 'utf8');
}

/**
 * The precompiled email HTML, one minified file per template and locale (`<template>.<locale>.html`, written by
 * `npm run templates`), and each message's text parts beside it (`<template>.<locale>.json`), read from disk only
 * when that message is first rendered: none of it (nor any locale's copy) is in the code bundle, and a container
 * reads only the messages it sends. The domain's renderer stays free of I/O: it asks the source
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
import type { CompiledCopy, CompiledMessages } from '../domain/templates/render';

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

function readAsset(file: string): string {
  directory ??= emailsDirectory();
  return readFileSync(`${directory}/${file}`, 'utf8');
}

/** The file name of one compiled email. */
export const compiledEmailFile = (template: TemplateKey, locale: SupportedLocale): string => `${template}.${locale}.html`;

/** One email's HTML, liquid placeholders intact. */
export function compiledEmail(template: TemplateKey, locale: SupportedLocale): string {
  return readAsset(compiledEmailFile(template, locale));
}

/** The file name of one message's text parts. */
export const compiledCopyFile = (template: TemplateKey, locale: SupportedLocale): string => `${template}.${locale}.json`;

/** One message's text parts (subject, plain-text email, SMS, push), liquid placeholders intact. */
export function compiledCopy(template: TemplateKey, locale: SupportedLocale): CompiledCopy {
  return JSON.parse(readAsset(compiledCopyFile(template, locale))) as CompiledCopy;
}

/** What `useCompiledEmails` is given: the HTML and the text parts, from the files. */
export const compiledMessages: CompiledMessages = { html: compiledEmail, copy: compiledCopy };

/**
 * The precompiled email HTML (assets/emails/<template>.<locale>.html) is what MJML makes of the current layout and
 * copy, minified: recompiling here must give the committed files byte for byte, so a template, layout or mjml
 * change without `npm run templates` fails CI instead of mailing the old HTML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_KEYS } from '../../../functions/domain/model/message';
import { compiledEmail, compiledEmailFile } from '../../../functions/adapters/email-templates';
import { SUPPORTED_LOCALES } from '../../../functions/domain/templates';
import { compileEmail, compiledEmailFiles, EMAILS_DIR, minifyHtml } from '../../../scripts/compile-templates';

describe('precompiled email HTML', () => {
  it('is up to date with the MJML layout and catalog (else run `npm run templates`)', async () => {
    const regenerated = await compiledEmailFiles();
    expect(readdirSync(EMAILS_DIR).sort()).toEqual([...regenerated.keys()].sort());
    for (const [name, html] of regenerated) expect(readFileSync(join(EMAILS_DIR, name), 'utf8'), `${name} is stale: run \`npm run templates\``).toBe(html);
  });

  it('holds every template in every locale, minified (no indentation, no blank line), as the renderer reads it', async () => {
    for (const template of TEMPLATE_KEYS) {
      for (const locale of SUPPORTED_LOCALES) {
        const html = compiledEmail(template, locale);
        expect(html, compiledEmailFile(template, locale)).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${locale}"`));
        expect(html).not.toMatch(/^[ \t]|\n\n/m);
      }
    }
    // Minifying keeps every non-blank line's text: only indentation and blank lines go.
    const full = await compileEmail('welcome', 'en');
    expect(minifyHtml(full).replace(/\s+/g, ' ')).toBe(full.trim().replace(/\s+/g, ' '));
    expect(minifyHtml(full).length).toBeLessThan(full.length);
  });

  it('keeps MJML out of the runtime: nothing under functions/ imports it', () => {
    const functionsDir = fileURLToPath(new URL('../../../functions/', import.meta.url));
    const sources = readdirSync(functionsDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(20);
    const importers = sources.filter((file) => /from ['"]mjml|import\(\s*['"]mjml|require\(\s*['"]mjml/.test(readFileSync(join(functionsDir, file), 'utf8')));
    expect(importers).toEqual([]);
  });
});

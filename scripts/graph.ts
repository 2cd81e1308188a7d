/**
 * `npm run graph`: synthesizes the app in-process (no bundling, no AWS account) and writes one Markdown page per
 * journey to docs/journeys/<journey>.md with a Mermaid diagram of its synthesized state machine.
 *
 *   npx tsx scripts/graph.ts [--out docs/journeys] [--check]
 *
 * `--check` writes nothing and exits 1 when a page is out of date (for CI).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JOURNEYS } from '../functions/domain/model/primitives';
import { journeyDefinitions } from '../infra/definitions';
import { synthesizeTemplate } from '../infra/journeys-app';
import { JOURNEY_DESCRIPTIONS } from '../workflows';
import { journeyMarkdown } from '../workflows/graph';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = resolve(root, outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1]! : join('docs', 'journeys'));
const check = args.includes('--check');

const definitions = journeyDefinitions(synthesizeTemplate());

let stale = 0;
mkdirSync(outDir, { recursive: true });
for (const journey of JOURNEYS) {
  const definition = definitions[journey];
  if (!definition) throw new Error(`no state machine tagged journeys:journey=${journey} in the synthesized template`);
  const page = journeyMarkdown(journey, JOURNEY_DESCRIPTIONS[journey], definition);
  const file = join(outDir, `${journey}.md`);
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== page) {
      console.error(`out of date: ${file}`);
      stale++;
    }
  } else {
    writeFileSync(file, page);
    console.log(`wrote ${file} (${Object.keys(definition.States).length} states)`);
  }
}
if (stale > 0) process.exit(1);

/**
 * `npm run bench`: every benchmark, printed and written to docs/performance.md. Sections can be chosen by
 * name (`npm run bench -- decide`, `npm run bench -- bundles cost`).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { bundlesBench } from './bundles.bench';
import { costBench } from './cost.bench';
import { crisisBench } from './crisis.bench';
import { decideBench } from './decide.bench';
import { dynamodbBench } from './dynamodb.bench';
import { experimentsBench } from './experiments.bench';
import { pipelineBench } from './pipeline.bench';
import { soakBench, soakOptions } from './soak.bench';
import type { BenchSection } from './harness';

const BENCHES: Record<string, () => BenchSection | Promise<BenchSection>> = {
  decide: () => decideBench(),
  // Events → journeys → messages on the local runtime vs raw sends to the same targets (< ~1 min).
  pipeline: () => pipelineBench(),
  bundles: () => bundlesBench(),
  'dynamodb-calls': () => dynamodbBench(),
  // Reuses the dynamodb-calls measurements when both run (one dynalite run per process).
  cost: () => costBench(),
  // 100,000 recipients through the local runtime: minutes, so only when named (`npm run bench:crisis`).
  crisis: () => crisisBench(),
  // 2,000 customers, 30 virtual days, random faults and restarts: many minutes, so only when named. Smaller or
  // harder runs: `npm run bench -- soak --customers=200 --days=10 --restarts=8 --step-hours=6 --seed=7`.
  soak: () => soakBench(soakOptions(process.argv.slice(2))),
  // 20,000 customers through deliver-message and route-event, then 40 seeded equal-rate runs: minutes, so on demand.
  experiments: () => experimentsBench(),
};
const ON_DEMAND = new Set(['crisis', 'soak', 'experiments']);

const chosen = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = chosen.length > 0 ? chosen : Object.keys(BENCHES).filter((name) => !ON_DEMAND.has(name));
const unknown = names.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}

const sections: BenchSection[] = [];
for (const name of names) {
  process.stderr.write(`running ${name}…\n`);
  const section = await BENCHES[name]!();
  sections.push(section);
  console.log(`\n## ${section.title}\n\n${section.lines.join('\n')}`);
}

const header = [
  '# Performance',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}.`,
  'Figures are ratios against a baseline measured in the same run; absolute numbers vary with the machine.',
];
if (chosen.length === 0) {
  writeFileSync('docs/performance.md', [...header, ...sections.flatMap((s) => ['', `## ${s.title}`, '', ...s.lines]), ''].join('\n'));
  process.stderr.write('wrote docs/performance.md\n');
}

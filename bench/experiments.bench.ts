/**
 * `npm run bench -- experiments` (`--customers=N`, default 20,000): the experiment machinery end to end, and the
 * statistic's false-positive rate.
 *
 * 1. Through the real handlers on the local runtime: N customers reach onboarding's activation nudge, which runs
 *    the experiment `activation-nudge-copy` (A = `reminder`, B = `benefit`), with a 5 % global control group.
 *    deliver-message decides (variant from the hash, control suppressed) and sends each one (SMS → the runtime's
 *    outbox), recording exposures; then `customer.activated` events go through POST /events → the bus →
 *    route-event with true rates A 10 %, B 14 %, control 8 % (a tenth of the converters send the event twice:
 *    counted once); the report is GET /experiments/{id} (api-experiments). The step is invoked directly, not
 *    through the onboarding state machine: 20,000 journeys with their 2-day wait would take the shared machine
 *    many minutes and add nothing to what is measured here (the scenario tests run the journey itself).
 * 2. Equal true rates, 40 seeded runs of 10,000 customers per variant at 10 %, straight through the domain
 *    statistic (functions/domain/experiments): how often a winner is declared (it should be in ≤ 5 % of runs).
 */
import { experimentReport, type ExperimentReport } from '../functions/domain/experiments/report';
import { seededRandom } from '../functions/domain/experiments/statistics';
import type { Profile } from '../functions/domain/model/profile';
import { inControlGroup } from '../functions/domain/rules/control-group';
import { assignVariant } from '../functions/domain/rules/experiment';
import { dependencies } from '../functions/handlers/runtime/dependencies';
import { ACTIVATION_NUDGE_COPY } from '../contracts/experiments';
import { REPO_ROOT } from '../infra/constructs/journey-functions';
import { VirtualClock } from '../local/engine';
import { runCli } from '../local/cli/main';
import { HandlerCatalog } from '../local/handlers';
import { startRuntime, type Runtime } from '../local/runtime';
import { fmt, type BenchSection } from './harness';
import { sendRate } from './raw-sends';

const T0 = '2026-11-23T10:00:00.000Z';
const CONTROL_PERCENT = 5;
const TRUE_RATES: Readonly<Record<string, number>> = { reminder: 0.1, benefit: 0.14, control: 0.08 };
const CONCURRENCY = 16;
const EQUAL_RUNS = 40;
const EQUAL_PER_VARIANT = 10_000;

function customersOption(): number {
  const arg = process.argv.find((a) => a.startsWith('--customers='));
  const value = Number(arg?.slice('--customers='.length) ?? 20_000);
  if (!Number.isInteger(value) || value < 1000) throw new Error('--customers=N needs a whole number ≥ 1000');
  return value;
}

export async function experimentsBench(customers = customersOption()): Promise<BenchSection> {
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' });
  const runtime = await startRuntime({
    port: 0,
    sesPort: 0,
    dataDir: null,
    quiet: true,
    clock: VirtualClock.manual(T0),
    oncallToken: 'bench-oncall',
    policy: { controlGroupPercent: CONTROL_PERCENT },
  });
  let simulated: string[];
  try {
    simulated = await simulate(runtime, customers);
  } finally {
    await runtime.stop();
  }
  return { title: 'Experiments: assignment, conversions and the report', lines: [...simulated, '', ...equalRates()] };
}

const idOf = (i: number) => `x-${String(i).padStart(6, '0')}`;
const arm = (id: string) => (inControlGroup(id, CONTROL_PERCENT) ? 'control' : assignVariant(ACTIVATION_NUDGE_COPY, id).name);

async function simulate(runtime: Runtime, n: number): Promise<string[]> {
  const { profiles: store } = dependencies();
  await sendRate(n, (i) => store.putProfile(profileOf(idOf(i), i)), CONCURRENCY);

  const catalog = new HandlerCatalog(REPO_ROOT);
  const started = process.hrtime.bigint();
  const outcomes = new Map<string, number>();
  await sendRate(
    n,
    async (i) => {
      const id = idOf(i);
      const result = (await catalog.invoke('deliver-message', {
        executionId: `arn:aws:states:eu-central-1:000000000000:execution:onboarding:bench-${id}`,
        message: { customerId: id, journey: 'onboarding', step: 'activation-nudge', topic: 'onboarding_tips', category: 'marketing', template: 'activation_nudge', vars: {}, experiment: ACTIVATION_NUDGE_COPY.id },
        maxAttempts: 10,
      })) as { outcome: string };
      outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
    },
    CONCURRENCY,
  );
  const decideSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  // A day later, the converters activate: true rates by the arm each customer was assigned.
  await runtime.clock.advance(86_400_000);
  const random = seededRandom(20_261_123);
  const events: unknown[] = [];
  const tally = new Map<string, { assigned: number; converted: number }>();
  for (let i = 0; i < n; i++) {
    const id = idOf(i);
    const name = arm(id);
    const counts = tally.get(name) ?? { assigned: 0, converted: 0 };
    tally.set(name, counts);
    counts.assigned++;
    if (random() >= TRUE_RATES[name]!) continue;
    counts.converted++;
    const event = (suffix: string) => ({ id: `act-${id}${suffix}`, type: 'customer.activated', occurredAt: runtime.clock.date().toISOString(), source: 'bench', customerId: id, data: {} });
    events.push(event(''));
    if (random() < 0.1) events.push(event('-again'));
  }
  const batches = Array.from({ length: Math.ceil(events.length / 100) }, (_, b) => events.slice(b * 100, b * 100 + 100));
  await sendRate(batches.length, (b) => post(runtime, '/events', { events: batches[b] }), 4);
  await runtime.idle();

  const report = (await (await fetch(`${runtime.url}/experiments/${ACTIVATION_NUDGE_COPY.id}`)).json()) as ExperimentReport;
  let printed = '';
  await runCli(['--endpoint', runtime.url, '--no-color', 'experiments'], { stdout: { write: (text: string) => (printed += text) }, stderr: process.stderr, env: {} });
  const b = report.variants.find((v) => v.name === 'benefit')!;
  const lines = [
    `${fmt(n)} customers at onboarding's activation nudge (\`${report.id}\`, control group ${CONTROL_PERCENT} %), decided and sent by deliver-message in ${fmt(decideSeconds, 1)} s (${fmt(n / decideSeconds)} per second); outcomes: ${[...outcomes].map(([o, c]) => `${o} ${fmt(c)}`).join(', ')}.`,
    `${fmt(events.length)} \`customer.activated\` events through POST /events → route-event (true rates: reminder 10 %, benefit 14 %, control 8 %; a tenth sent twice).`,
    '',
    '| arm | simulated: assigned / converted | report: assigned | sent | conversions | rate | 95 % interval | chance to beat baseline |',
    '|---|---|---|---|---|---|---|---|',
    ...report.variants.map((v) => {
      const t = tally.get(v.name)!;
      return `| ${v.name} | ${fmt(t.assigned)} / ${fmt(t.converted)} | ${fmt(v.assigned)} | ${fmt(v.sent)} | ${fmt(v.conversions)} | ${pct(v.rate)} | ${pct(v.interval[0])}–${pct(v.interval[1])} | ${v.chanceToBeatBaseline === undefined ? 'baseline' : pct(v.chanceToBeatBaseline)} |`;
    }),
    ...(report.control ? [`| control | ${fmt(tally.get('control')?.assigned ?? 0)} / ${fmt(tally.get('control')?.converted ?? 0)} | ${fmt(report.control.assigned)} | 0 | ${fmt(report.control.conversions)} | ${pct(report.control.rate)} | | lift ${report.control.lift === undefined ? '-' : pct(report.control.lift)} |`] : []),
    '',
    `Winner: **${report.winner ?? 'none'}** (status ${report.status}). B's estimate ${pct(b.rate)}, its 95 % interval ${pct(b.interval[0])}–${pct(b.interval[1])} ${b.interval[0] <= 0.14 && 0.14 <= b.interval[1] ? 'contains' : 'does NOT contain'} the true 14 %.`,
    `Check: ${report.winner === 'benefit' && b.interval[0] <= 0.14 && 0.14 <= b.interval[1] ? 'PASS' : 'FAIL'} (B named the winner, 14 % within its interval).`,
    '',
    'The report as `npx journeys experiments` prints it:',
    '',
    '```',
    ...printed.trimEnd().split('\n'),
    '```',
  ];
  return lines;
}

/** 40 seeded runs with equal true rates, through the report the API serves (functions/domain/experiments/report.ts). */
function equalRates(): string[] {
  let winners = 0;
  const chances: number[] = [];
  for (let run = 1; run <= EQUAL_RUNS; run++) {
    const random = seededRandom(run * 7919);
    const counters = ACTIVATION_NUDGE_COPY.variants.map((variant) => {
      let events = 0;
      for (let i = 0; i < EQUAL_PER_VARIANT; i++) if (random() < 0.1) events++;
      return { variant: variant.name, day: T0.slice(0, 10), assigned: EQUAL_PER_VARIANT, sent: EQUAL_PER_VARIANT, events };
    });
    const report = experimentReport({ ...ACTIVATION_NUDGE_COPY, id: `${ACTIVATION_NUDGE_COPY.id}-run-${run}` }, counters, new Date(T0));
    if (report.winner) winners++;
    chances.push(report.variants[1]!.chanceToBeatBaseline!);
  }
  const noWinner = EQUAL_RUNS - winners;
  return [
    `Equal true rates (10 % and 10 %), ${EQUAL_RUNS} seeded runs of ${fmt(EQUAL_PER_VARIANT)} customers per variant, through the report's statistic directly (not the runtime: 40 × 20,000 customers through the handlers would take the shared machine far too long): no winner in **${noWinner} of ${EQUAL_RUNS}** runs (${pct(noWinner / EQUAL_RUNS)}; goal ≥ 95 %). Chance to beat baseline ranged ${pct(Math.min(...chances))}–${pct(Math.max(...chances))}; a winner needs ≥ ${pct(ACTIVATION_NUDGE_COPY.threshold)} (or ≤ ${pct(1 - ACTIVATION_NUDGE_COPY.threshold)} for the baseline).`,
    `Check: ${noWinner / EQUAL_RUNS >= 0.95 ? 'PASS' : 'FAIL'}.`,
  ];
}

function profileOf(customerId: string, i: number): Profile {
  return {
    customerId,
    name: 'Ana',
    email: `${customerId}@experiments.example`,
    phone: `+4219${String(i).padStart(8, '0')}`,
    pushEndpoint: null,
    locale: 'en',
    timeZone: 'Europe/Bratislava',
    segment: { region: 'eu-central' },
    consents: { onboarding_tips: true, product_news: false, offers: false, surveys: true, service_updates: true },
    channelPreferences: ['sms', 'email'],
    lifecycle: 'new',
  };
}

async function post(runtime: Runtime, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${runtime.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 202) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

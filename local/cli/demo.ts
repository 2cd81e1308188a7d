/**
 * The demo: plays the four journeys end to end through the HTTP API on the runtime's virtual clock, then prints
 * what was decided (outcome × channel, reason codes) and where to look. `npm start` runs it on an empty store;
 * `npx journeys demo` runs it against any runtime (each run uses fresh customer ids).
 *
 * Time: the demo cannot move the virtual clock, only wait for it. At JOURNEYS_TIME_SCALE=1 the steps that need
 * virtual days (the survey a day after an incident) are skipped with a note; at 3600 (an hour per second) the
 * whole story plays in about half a minute (measured 27–38 s).
 */
import { JourneysClient, type Decision } from './api-client';
import { defaultEndpoint } from './context';
import { activations, crisis, incidentsOpen, incidentsResolve, signUps, surveys, type ActResult, type SurveyAnswer } from './demo/acts';
import { CAST, type CastKey } from './demo/cast';
import { DEFAULT_DEMO_CLOCK, DemoClock } from './demo/demo-clock';
import { countDecisions, decisionTables, type DecisionCounts } from './demo/decision-summary';
import { Stage } from './demo/stage';
import { formatInstant } from './format/time';

export interface DemoOptions {
  endpoint: string;
  /** Needed for the crisis act (PUT/DELETE /crisis); without it that act is skipped. */
  oncallToken?: string | undefined;
  log: (line: string) => void;
  /** The runtime's time scale when the caller knows it; otherwise read from GET /health. */
  timeScaleHint?: number | undefined;
  /** Real seconds one wait may take (default 120): parts needing longer at this time scale are skipped. */
  maxWaitSeconds?: number | undefined;
  /** The email inbox to point at (default http://127.0.0.1:$SES_PORT, SES_PORT default 8005). */
  inboxUrl?: string | undefined;
}

export interface DemoSummary {
  timeScale: number;
  virtualStart: string;
  virtualEnd: string;
  wallMs: number;
  customers: { customerId: string; locale: string; timeZone: string; role: string; decisions: number }[];
  acts: ActResult[];
  surveys: SurveyAnswer[];
  decisions: DecisionCounts;
  links: { endpoint: string; inbox: string; outbox: string; why: string[] };
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const wallStart = Date.now();
  const { log } = options;
  const client = new JourneysClient({ endpoint: options.endpoint, token: options.oncallToken });
  const health = await client.health();
  const timeScale = options.timeScaleHint ?? health.timeScale;
  const clock = new DemoClock(client, timeScale, log, { ...DEFAULT_DEMO_CLOCK, maxWaitMs: (options.maxWaitSeconds ?? 120) * 1000 });
  const { run, ids } = await freshCustomerIds(client);

  log(`Journeys demo against ${client.endpoint}: virtual time ${formatInstant(health.now)}, time scale ${timeScale} (${scaleInWords(timeScale)})`);
  if (timeScale < 600) log('  (at this scale the parts that take virtual days are skipped; JOURNEYS_TIME_SCALE=3600 plays everything in about half a minute)');

  const profiles = CAST.map((member) => ({ member, profile: member.profile(ids[member.key], run) }));
  log('Profiles:');
  const idWidth = Math.max(...Object.values(ids).map((id) => id.length));
  for (const { member, profile } of profiles) {
    await client.putProfile(ids[member.key], profile);
    log(`  PUT /profiles/${ids[member.key].padEnd(idWidth)}  ${(profile.locale ?? '').padEnd(5)} ${(profile.timeZone ?? '').padEnd(18)} ${member.role}`);
  }

  const inboxUrl = options.inboxUrl ?? `http://127.0.0.1:${process.env.SES_PORT || '8005'}`;
  const stage = new Stage(client, clock, log, ids, inboxUrl);
  const acts: ActResult[] = [];
  const act = async <T>(title: string, play: () => Promise<T>): Promise<T> => {
    log('');
    log(`[${acts.length + 1}] ${title}`);
    return play();
  };
  acts.push(await act('Onboarding', () => signUps(stage, CAST.map((m) => m.key))));
  acts.push(await act('Incident during onboarding', () => incidentsOpen(stage)));
  acts.push(await act('Activation', () => activations(stage, ['ana', 'petr', 'oliver', 'kenji'])));
  const resolution = await act('Incident update and resolution', () => incidentsResolve(stage));
  acts.push(resolution.result);
  if (options.oncallToken) acts.push(await act('Crisis', () => crisis(stage)));
  else acts.push(skipped(log, 'crisis', 'needs the on-call token (JOURNEYS_ONCALL_TOKEN or --token)'));
  const survey = await act('Post-resolution surveys', () => surveys(stage, resolution.resolvedAt, timeScale));
  acts.push(survey.result);

  const decisionsByCustomer = await Promise.all(CAST.map(async (member) => [member.key, await client.messages(ids[member.key], 100)] as const));
  const all: Decision[] = decisionsByCustomer.flatMap(([, decisions]) => decisions);
  const summary: DemoSummary = {
    timeScale,
    virtualStart: health.now,
    virtualEnd: (await clock.now()).toISOString(),
    wallMs: Date.now() - wallStart,
    customers: profiles.map(({ member, profile }) => ({
      customerId: ids[member.key],
      locale: profile.locale ?? 'en',
      timeZone: profile.timeZone ?? 'UTC',
      role: member.role,
      decisions: decisionsByCustomer.find(([key]) => key === member.key)?.[1].length ?? 0,
    })),
    acts,
    surveys: survey.answers,
    decisions: countDecisions(all),
    links: {
      endpoint: client.endpoint,
      inbox: inboxUrl,
      outbox: `npx journeys${endpointFlag(client.endpoint)} outbox`,
      why: CAST.map((member) => `npx journeys${endpointFlag(client.endpoint)} why ${ids[member.key]}`),
    },
  };
  printSummary(summary, log);
  return summary;
}

/** `demo-ana`…, or `demo2-ana`… when an earlier run already used those ids: a rerun never mixes with old journeys. */
async function freshCustomerIds(client: JourneysClient): Promise<{ run: number; ids: Record<CastKey, string> }> {
  for (let run = 1; run < 1000; run += 1) {
    const prefix = run === 1 ? 'demo' : `demo${run}`;
    if ((await client.findProfile(`${prefix}-${CAST[0]!.key}`)) === undefined) {
      return { run, ids: Object.fromEntries(CAST.map((member) => [member.key, `${prefix}-${member.key}`])) as Record<CastKey, string> };
    }
  }
  throw new Error('no free demo customer ids (demo-… to demo999-…): erase some with `npx journeys profiles delete`');
}

function skipped(log: (line: string) => void, act: string, note: string): ActResult {
  log('');
  log(`[-] ${act}: skipped — ${note}`);
  return { act, status: 'skipped', note };
}

function printSummary(summary: DemoSummary, log: (line: string) => void): void {
  log('');
  log(
    `Demo finished in ${(summary.wallMs / 1000).toFixed(1)} s of real time: virtual time ${formatInstant(summary.virtualStart)} → ${formatInstant(summary.virtualEnd)}.`,
  );
  const skippedActs = summary.acts.filter((a) => a.status === 'skipped').map((a) => a.act);
  if (skippedActs.length > 0) log(`  Skipped: ${skippedActs.join(', ')} (why: see above).`);
  log('');
  log(`${summary.decisions.total} decisions for ${summary.customers.length} customers:`);
  for (const line of decisionTables(summary.decisions)) log(line === '' ? '' : `  ${line}`);
  log('');
  log('Where to look:');
  log(`  email inbox:    ${summary.links.inbox}`);
  log(`  SMS and push:   ${summary.links.outbox}`);
  log(`  the crisis:     npx journeys${endpointFlag(summary.links.endpoint)} crisis status`);
  log(`  why, per customer (e.g. ${summary.customers[0]?.customerId ?? ''}):`);
  for (const line of summary.links.why) log(`    ${line}`);
}

/** The CLI's default endpoint needs no flag; any other is spelled out so the printed commands work as they are. */
function endpointFlag(endpoint: string): string {
  return endpoint === defaultEndpoint({}) ? '' : ` --endpoint ${endpoint}`;
}

function scaleInWords(scale: number): string {
  if (scale === 1) return 'real time';
  if (scale === 3600) return 'an hour per second';
  if (scale === 86_400) return 'a day per second';
  return `${scale}× real time`;
}

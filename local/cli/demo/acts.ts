/**
 * The demo's story, act by act, played through the public HTTP API only (as event sources, on-call staff and
 * customers would): sign-ups → an incident during onboarding → activations → the incident's update and
 * resolution → a crisis declared, updated and resolved → survey answers. Each act waits until the journeys have
 * decided what it set in motion, and logs those decisions.
 */
import type { ActiveCrisis, CrisisRecord } from '../../../functions/domain/model/crisis';
import { ApiError } from '../errors';
import type { CastKey } from './cast';
import { findSurveyToken } from './survey-link';
import { describeDecision, type Stage } from './stage';

export interface ActResult {
  act: string;
  status: 'played' | 'skipped';
  note?: string;
}

export interface SurveyAnswer {
  customerId: string;
  score: number;
  answered: boolean;
  note?: string;
}

const HOUR = 3_600_000;
/** The post-resolution cool-down (workflows/post-resolution.ts) plus the longest quiet-hours deferral (21:00–08:00). */
const SURVEY_INVITATION_WAIT = 24 * HOUR + 11 * HOUR;

export async function signUps(stage: Stage, keys: readonly CastKey[]): Promise<ActResult> {
  stage.log('  Every new customer starts the onboarding journey with a (transactional) welcome.');
  await stage.send(keys.map((key) => ({ key, type: 'customer.signed_up', name: 'signed-up' })));
  await stage.decided(keys, 'onboarding', 'welcome');
  return { act: 'sign-ups', status: 'played' };
}

export async function incidentsOpen(stage: Stage): Promise<ActResult> {
  stage.log('  Ana hits a critical incident during onboarding (marketing to her is suppressed), Oliver a minor one.');
  await stage.send([
    { key: 'ana', type: 'incident.opened', name: 'inc-opened', data: { incidentId: incidentId(stage, 'ana'), severity: 'critical', title: 'Card payments failing' } },
    { key: 'oliver', type: 'incident.opened', name: 'inc-opened', data: { incidentId: incidentId(stage, 'oliver'), severity: 'minor', title: 'Push notifications delayed' } },
  ]);
  await stage.decided(['ana', 'oliver'], 'incident', 'acknowledge');
  return { act: 'incidents opened', status: 'played' };
}

export async function activations(stage: Stage, keys: readonly CastKey[]): Promise<ActResult> {
  stage.log(`  ${keys.join(', ')} activate; the first tip is marketing, so every rule applies. Emily never activates.`);
  await stage.send(keys.map((key) => ({ key, type: 'customer.activated', name: 'activated' })));
  await stage.decided(keys, 'onboarding', 'tip-1');
  return { act: 'activations', status: 'played' };
}

/** Answers when the incidents were resolved (virtual time): the survey comes a cool-down later. */
export async function incidentsResolve(stage: Stage): Promise<{ result: ActResult; resolvedAt: Date }> {
  stage.log('  Ana hears what is being done; both incidents close, which starts their post-resolution journeys.');
  await stage.send([
    {
      key: 'ana',
      type: 'incident.updated',
      name: 'inc-updated',
      data: { incidentId: incidentId(stage, 'ana'), message: 'We found the cause: a certificate expired at our card processor. A fix is rolling out.' },
    },
  ]);
  await stage.decided(['ana'], 'incident', 'incident-update');
  const resolvedAt = await stage.clock.now();
  await stage.send([
    { key: 'ana', type: 'incident.resolved', name: 'inc-resolved', data: { incidentId: incidentId(stage, 'ana'), resolution: 'The certificate was renewed.' } },
    { key: 'oliver', type: 'incident.resolved', name: 'inc-resolved', data: { incidentId: incidentId(stage, 'oliver') } },
  ]);
  return { result: { act: 'incident update and resolution', status: 'played' }, resolvedAt };
}

export async function crisis(stage: Stage): Promise<ActResult> {
  const act = 'crisis';
  stage.log('  On-call declares a sev1 for eu-central: alert, update and all-clear go out, marketing there pauses.');
  const current = await stage.client.getCrisis();
  if (current.active) {
    const note = `a crisis is already active (version ${current.version}, "${current.headline}"): the demo leaves it alone`;
    stage.log(`  skipped: ${note}`);
    return { act, status: 'skipped', note };
  }

  let declared: CrisisRecord;
  try {
    declared = await stage.client.putCrisis({
      severity: 'sev1',
      headline: 'Card payments failing in central Europe',
      message: {
        en: 'Card payments are failing for some customers in central Europe. We are working on it and will update you.',
        sk: 'Platby kartou v strednej Európe momentálne zlyhávajú. Pracujeme na náprave a budeme vás informovať.',
        cs: 'Platby kartou ve střední Evropě momentálně selhávají. Pracujeme na nápravě a budeme vás informovat.',
        hu: 'A kártyás fizetések Közép-Európában jelenleg nem működnek. Dolgozunk a javításon, és tájékoztatjuk.',
      },
      affected: { region: ['eu-central'] },
      statusPageUrl: 'https://status.example.com/incidents/card-payments',
      cadenceMinutes: 120,
    });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      const note = `on-call auth refused (${error.status}): pass the token the runtime printed (JOURNEYS_ONCALL_TOKEN)`;
      stage.log(`  skipped: ${note}`);
      return { act, status: 'skipped', note };
    }
    throw error;
  }
  const active = declared as ActiveCrisis;
  stage.log(`  PUT /crisis: declared ${active.severity} "${active.headline}" (version ${active.version}, affected region=eu-central)`);
  await broadcastDone(stage, 'alert', active.version);
  const banner = await stage.client.status();
  stage.log(`  GET /status: mode=${banner.mode}${banner.severity ? ` ${banner.severity}` : ''} "${banner.headline ?? ''}"`);

  stage.log('  Zsófia activates during the crisis: her first tip is held back.');
  await stage.send([{ key: 'zsofia', type: 'customer.activated', name: 'activated' }]);
  await stage.decided(['zsofia'], 'onboarding', 'tip-1');

  const updated = (await stage.client.putCrisis(
    {
      headline: 'Card payments recovering in central Europe',
      message: {
        en: 'A fix is rolling out and card payments are recovering. Thank you for your patience.',
        sk: 'Oprava sa nasadzuje a platby kartou sa obnovujú. Ďakujeme za trpezlivosť.',
        cs: 'Oprava se nasazuje a platby kartou se obnovují. Děkujeme za trpělivost.',
        hu: 'A javítás folyamatban van, a kártyás fizetések helyreállnak. Köszönjük türelmét.',
      },
    },
    active.version,
  )) as ActiveCrisis;
  stage.log(`  PUT /crisis (If-Match: "${active.version}"): updated to version ${updated.version}`);
  await broadcastDone(stage, 'update', updated.version);

  const resolved = await stage.client.resolveCrisis({ postmortemUrl: 'https://status.example.com/incidents/card-payments/postmortem' });
  stage.log(`  DELETE /crisis: resolved (version ${resolved.version}); the all-clear carries the post-mortem link`);
  await broadcastDone(stage, 'all-clear', resolved.version ?? 0);
  return { act, status: 'played' };
}

export async function surveys(stage: Stage, resolvedAt: Date, scale: number): Promise<{ result: ActResult; answers: SurveyAnswer[] }> {
  const act = 'surveys';
  const answers: { key: CastKey; score: number; comment: string; next: string }[] = [
    { key: 'ana', score: 2, comment: 'Two days without card payments.', next: 'detractor-offer' },
    { key: 'oliver', score: 10, comment: 'Quick and clear updates.', next: 'promoter-ask' },
  ];
  stage.log('  A day after the resolution the survey invitation goes out; Ana answers 2 (detractor), Oliver 10 (promoter).');
  const elapsed = (await stage.clock.now()).getTime() - resolvedAt.getTime();
  const needed = Math.max(0, SURVEY_INVITATION_WAIT - elapsed);
  if (!stage.clock.fits(needed)) {
    const advice =
      scale < 3600
        ? 'start the runtime with JOURNEYS_TIME_SCALE=3600 (an hour per second) and run `npx journeys demo` to see it'
        : 'run `npx journeys demo --max-wait <seconds>` with more patience to see it';
    const note =
      `the invitation comes 24 h after the resolution (plus quiet hours): at time scale ${scale} that is up to ` +
      `${humanDuration(stage.clock.wallMs(needed))} of waiting, longer than the demo waits; ${advice}`;
    stage.log(`  skipped: ${note}`);
    return { result: { act, status: 'skipped', note }, answers: answers.map(({ key, score }) => ({ customerId: stage.id(key), score, answered: false, note })) };
  }

  const invitations = await stage.decided(
    answers.map((a) => a.key),
    'post-resolution',
    'survey-invitation',
    { final: true, virtualMs: needed },
  );
  const results: SurveyAnswer[] = [];
  for (const { key, score, comment } of answers) {
    const customerId = stage.id(key);
    if (invitations.get(key)?.outcome !== 'sent') {
      const note = `the invitation was not sent (${describeDecision(invitations.get(key)!)})`;
      stage.log(`  ${key}: ${note}`);
      results.push({ customerId, score, answered: false, note });
      continue;
    }
    const token = await findSurveyToken(stage.client, customerId, stage.inboxUrl);
    if (!token) {
      const note = 'no survey link found in the messages the customer received';
      stage.log(`  ${key}: ${note}`);
      results.push({ customerId, score, answered: false, note });
      continue;
    }
    await stage.client.answerSurvey(token, { score, comment });
    stage.log(`  POST /surveys/${token.slice(0, 6)}…: ${key} answers ${score} ("${comment}")`);
    results.push({ customerId, score, answered: true });
  }
  for (const { key, next } of answers) {
    if (results.find((r) => r.customerId === stage.id(key))?.answered) await stage.decided([key], 'post-resolution', next);
  }
  return { result: { act, status: 'played' }, answers: results };
}

async function broadcastDone(stage: Stage, kind: 'alert' | 'update' | 'all-clear', version: number): Promise<void> {
  await stage.clock.until(`crisis ${kind} broadcast of version ${version}`, async () => {
    const b = (await stage.client.getCrisis()).broadcast;
    if (b && b.kind === kind && b.messageVersion === version && b.finishedAt) {
      stage.log(`    ${b.total} affected: ${b.sent} sent, ${b.failed} failed, ${b.skipped} skipped`);
      return { done: true, value: b };
    }
    const progress = b && b.messageVersion === version ? `${b.sent} sent, ${b.remaining} remaining of ${b.total}` : 'not started yet';
    return { done: false, progress };
  });
}

function incidentId(stage: Stage, key: CastKey): string {
  return `INC-${stage.id(key)}`;
}

function humanDuration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * HOUR) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / HOUR)} h`;
}

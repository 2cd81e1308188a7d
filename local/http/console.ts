/**
 * The ops console (local/console) and the few read-only helpers it needs that the contract's API lacks. Local
 * runtime only; nothing here writes (the console changes things through the contract's API).
 *
 * - `GET /console/` → the page; `/console/console.js|.css` → its assets (built by esbuild on first request).
 * - `GET /console/api` → `{templates, locales, playbook, endpoints}` (what the preview can render, the effective crisis
 *   playbook — with the runtime's policy override — and this list);
 * - `GET /console/api/journeys` → `{journeys: [{journey, stateMachineArn, name, definition, executions: {RUNNING: n, …}}]}`
 *   (the synthesized ASL of each state machine, and how many executions it has per status);
 * - `GET /console/api/stats` → `{generatedAt, decisions: [{journey, outcome, channel, reason, count}], surveys:
 *   {responses, histogram: [count of score 0, …, count of score 10]}}` — the message ledger folded into counts
 *   (latest decision per message; reason = the explaining reason code) and the survey answers' scores. No customer
 *   ids, no free text;
 * - `GET /console/api/customers/{customerId}` (on-call) → `{customerId, found, now, suppressions: [{kind, ref,
 *   reason, source, createdAt, expiresAt?, scope, channel?, active}]}`: the decision context's suppressions, which
 *   GET /profiles does not return;
 * - `GET /console/api/audience?affected=<Audience JSON>` (on-call) → `{affected, count}`: the crisis audience's size
 *   (audiences.countAudience) before declaring;
 * - `GET /console/api/preview?template=&locale=&channel=&category=` → the message rendered by the domain's
 *   renderMessage with the locale's sample variables: `{template, requestedLocale, locale, channel, subject?,
 *   html?, text, title?}`.
 * On-call: `Authorization: Bearer <token>`, as for PUT /crisis (401 without, 403 with another token).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../functions/domain/zod';
import { stateMachineArnVariable } from '../../contracts/functions';
import { tableNameFrom } from '../../functions/adapters/clients';
import { isExpired, SK } from '../../functions/adapters/keys';
import { Audience } from '../../functions/domain/model/crisis';
import type { Policy } from '../../functions/domain/policy';
import { TEMPLATE_KEYS } from '../../functions/domain/model/message';
import { CATEGORIES, CHANNELS, CustomerId, JOURNEYS, Locale } from '../../functions/domain/model/primitives';
import { isActive, SUPPRESSION_KINDS, type Suppression } from '../../functions/domain/model/suppression';
import { renderMessage, resolveLocale, SAMPLE_VARIABLES, SUPPORTED_LOCALES, type SupportedLocale } from '../../functions/domain/templates';
import { compiledMessages } from '../../functions/adapters/email-templates';
import { useCompiledEmails } from '../../functions/domain/templates/render';
import { dependencies } from '../../functions/handlers/runtime/dependencies';
import { consoleAssets } from '../console/build';
import { aggregateDecisions, type DecisionLike } from '../console/src/stats';
import { parseQualifiedStateMachineArn, type LocalStepFunctions, type VirtualClock } from '../engine';
import type { RuntimeLog } from '../log';
import { identityFor, ONCALL_IDENTITY } from './identity';
import { sendError, sendJson } from './responses';

// Template previews read the compiled emails as the handlers do (assets/emails/).
useCompiledEmails(compiledMessages);

export const CONSOLE_PATH = '/console';
const API_PREFIX = '/console/api/';

export interface ConsoleServices {
  engine: LocalStepFunctions;
  /** The effective crisis playbook (the runtime's policy override applied): the console's severity guidance and cadences. */
  crisisPlaybook: Policy['crisisPlaybook'];
  oncallToken: string;
  clock: VirtualClock;
  log: RuntimeLog;
}

/**
 * The console's page may talk to any API (its URL is a setting) and frames sandboxed previews: scripts and styles
 * only from itself, plus inline ones (the banner preview runs the snippet a website would paste; e-mail HTML
 * carries inline styles); nothing else from anywhere — a preview cannot fetch fonts or images from the Internet.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  'connect-src *',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function isConsolePath(path: string): boolean {
  return path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);
}

export async function handleConsole(request: IncomingMessage, response: ServerResponse, url: URL, services: ConsoleServices): Promise<void> {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendError(response, 405, 'method_not_allowed', `${method} is not supported on ${url.pathname}: the console's routes are read-only; use GET`, { headers: { allow: 'GET, HEAD' } });
    return;
  }
  if (url.pathname === CONSOLE_PATH) {
    // The page's asset URLs are relative, so the page lives at /console/.
    response.writeHead(308, { location: `${CONSOLE_PATH}/${url.search}`, 'content-length': '0' });
    response.end();
    return;
  }
  if (url.pathname.startsWith(API_PREFIX) || url.pathname === API_PREFIX.slice(0, -1)) {
    await consoleApi(request, response, url, services);
    return;
  }
  await staticFile(response, url.pathname.slice(CONSOLE_PATH.length + 1) || 'index.html', services);
}

async function staticFile(response: ServerResponse, name: string, services: ConsoleServices): Promise<void> {
  let assets;
  try {
    assets = await consoleAssets();
  } catch (error) {
    services.log.warn(`the console did not build: ${(error as Error).message.split('\n')[0] ?? ''}`);
    sendError(response, 500, 'console_build_failed', `the console did not build: ${(error as Error).message}`);
    return;
  }
  const asset = assets.get(name);
  if (!asset) {
    sendError(response, 404, 'not_found', `no console file ${name}`);
    return;
  }
  response.writeHead(200, {
    'content-type': asset.contentType,
    'content-length': String(asset.body.length),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(name.endsWith('.html') ? { 'content-security-policy': CONSOLE_CSP } : {}),
  });
  response.end(asset.body);
}

async function consoleApi(request: IncomingMessage, response: ServerResponse, url: URL, services: ConsoleServices): Promise<void> {
  const path = url.pathname.replace(/\/+$/, '');
  const route = path.slice(API_PREFIX.length);
  const customer = /^customers\/([^/]+)$/.exec(route);
  switch (true) {
    case path === API_PREFIX.slice(0, -1):
      sendJson(response, 200, {
        templates: TEMPLATE_KEYS,
        locales: SUPPORTED_LOCALES,
        playbook: services.crisisPlaybook,
        endpoints: ['GET /console/api/journeys', 'GET /console/api/stats', 'GET /console/api/customers/{customerId} (on-call)', 'GET /console/api/audience?affected= (on-call)', 'GET /console/api/preview?template=&locale=&channel=&category='],
      });
      return;
    case route === 'journeys':
      sendJson(response, 200, { journeys: await journeys(services.engine) });
      return;
    case route === 'stats':
      sendJson(response, 200, await stats(services.clock.date()));
      return;
    case customer !== null:
      if (!onCall(request, response, services)) return;
      await customerDetails(response, decodeSegment(customer?.[1] ?? ''), services.clock.date());
      return;
    case route === 'audience':
      if (!onCall(request, response, services)) return;
      await audience(response, url.searchParams);
      return;
    case route === 'preview':
      await preview(response, url.searchParams);
      return;
    default:
      sendError(response, 404, 'not_found', `no console route ${url.pathname}`);
  }
}

/** The on-call check the API Gateway authorizer does for the crisis routes, with the same answers. */
function onCall(request: IncomingMessage, response: ServerResponse, services: ConsoleServices): boolean {
  const header = request.headers.authorization;
  const identity = identityFor(Array.isArray(header) ? header[0] : header, services.oncallToken);
  if (identity === undefined) {
    sendError(response, 401, 'unauthorized', 'on-call credentials are required for this route', { headers: { 'www-authenticate': 'Bearer' } });
    return false;
  }
  if (identity !== ONCALL_IDENTITY) {
    sendError(response, 403, 'forbidden', `${identity.userArn} is not on call: only the on-call role may read customer suppressions and audiences`);
    return false;
  }
  return true;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface ConsoleJourney {
  journey: string;
  name: string;
  stateMachineArn: string;
  definition: unknown;
  executions: Record<string, number>;
}

async function journeys(engine: LocalStepFunctions): Promise<ConsoleJourney[]> {
  const byArn = new Map<string, string>();
  // The runtime gives every handler its journeys' state machine ARNs: the same map names the console's journeys.
  for (const journey of JOURNEYS) {
    const arn = process.env[stateMachineArnVariable(journey)];
    // The variable names the alias `live`; the console lists state machines.
    if (arn) byArn.set(parseQualifiedStateMachineArn(arn).stateMachineArn, journey);
  }
  const { stateMachines } = await engine.listStateMachines();
  const result = await Promise.all(
    stateMachines.map(async (machine): Promise<ConsoleJourney> => {
      const described = await engine.describeStateMachine(machine.stateMachineArn);
      const executions: Record<string, number> = {};
      let nextToken: string | undefined;
      do {
        const page = await engine.listExecutions({ stateMachineArn: machine.stateMachineArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
        for (const execution of page.executions) executions[execution.status] = (executions[execution.status] ?? 0) + 1;
        nextToken = page.nextToken;
      } while (nextToken);
      return { journey: byArn.get(machine.stateMachineArn) ?? machine.name, name: machine.name, stateMachineArn: machine.stateMachineArn, definition: JSON.parse(described.definition) as unknown, executions };
    }),
  );
  const order = (journey: string) => {
    const index = (JOURNEYS as readonly string[]).indexOf(journey);
    return index < 0 ? JOURNEYS.length : index;
  };
  return result.sort((a, b) => order(a.journey) - order(b.journey) || a.journey.localeCompare(b.journey));
}

/** One Scan of the table (the local store is small; deployed, this would be a metrics query, not a scan). */
async function stats(now: Date): Promise<unknown> {
  const { doc } = dependencies();
  const decisions: DecisionLike[] = [];
  const histogram = Array.from({ length: 11 }, () => 0);
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: tableNameFrom(),
        FilterExpression: 'begins_with(#sk, :message) OR (#sk = :survey AND attribute_exists(#score))',
        ProjectionExpression: '#sk, #journey, #outcome, #channel, #reasonCodes, #score, #ttl',
        ExpressionAttributeNames: {
          '#sk': 'sk',
          '#journey': 'journey',
          '#outcome': 'outcome',
          '#channel': 'channel',
          '#reasonCodes': 'reasonCodes',
          '#score': 'score',
          '#ttl': 'ttl',
        },
        ExpressionAttributeValues: { ':message': SK.message, ':survey': 'SURVEY' },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (isExpired(item, now)) continue;
      const score = item.score;
      if (String(item.sk).startsWith(SK.message)) decisions.push(item);
      else if (typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= 10) histogram[score] = (histogram[score] as number) + 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return {
    generatedAt: now.toISOString(),
    decisions: aggregateDecisions(decisions),
    surveys: { responses: histogram.reduce((sum, n) => sum + n, 0), histogram },
  };
}

async function customerDetails(response: ServerResponse, customerId: string, now: Date): Promise<void> {
  const parsed = CustomerId.safeParse(customerId);
  if (!parsed.success) {
    sendError(response, 400, 'validation_failed', `invalid customerId: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { issues: [{ path: 'customerId', message: parsed.error.issues[0]?.message ?? 'invalid' }] });
    return;
  }
  const context = await dependencies().decisionContexts.loadDecisionContext(parsed.data);
  const suppressions = context.suppressions
    .map((s: Suppression) => {
      const rule = SUPPRESSION_KINDS[s.kind] as { scope: 'marketing' | 'channel'; channel?: string } | undefined;
      return { ...s, scope: rule?.scope ?? 'marketing', ...(rule?.channel ? { channel: rule.channel } : {}), active: isActive(s, now) };
    })
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  sendJson(response, 200, { customerId: parsed.data, found: context.profile !== null, now: now.toISOString(), suppressions });
}

async function audience(response: ServerResponse, query: URLSearchParams): Promise<void> {
  const raw = query.get('affected');
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '');
  } catch {
    sendError(response, 400, 'validation_failed', 'invalid query: affected: must be JSON, e.g. {"all":true} or {"region":["eu-central"]}', { issues: [{ path: 'affected', message: 'must be JSON' }] });
    return;
  }
  const parsed = Audience.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: ['affected', ...issue.path.map(String)].join('.'), message: issue.message }));
    sendError(response, 400, 'validation_failed', `invalid audience: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    return;
  }
  const count = await dependencies().audiences.countAudience(parsed.data);
  sendJson(response, 200, { affected: parsed.data, count });
}

const PreviewQuery = z.object({
  template: z.enum(TEMPLATE_KEYS),
  locale: z._default(Locale, 'en'),
  channel: z._default(z.enum(CHANNELS), 'email'),
  category: z._default(z.enum(CATEGORIES), 'service'),
});

async function preview(response: ServerResponse, query: URLSearchParams): Promise<void> {
  const parsed = PreviewQuery.safeParse(Object.fromEntries([...query.entries()].filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || 'query', message: issue.message }));
    sendError(response, 400, 'validation_failed', `invalid query: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    return;
  }
  const { template, locale, channel, category } = parsed.data;
  const resolved = resolveLocale(locale, SUPPORTED_LOCALES) as SupportedLocale;
  const rendered = await renderMessage({ template, locale, channel, category, vars: { ...SAMPLE_VARIABLES[resolved] } });
  sendJson(response, 200, { template, requestedLocale: locale, ...rendered });
}

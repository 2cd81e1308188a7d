/**
 * Cost model: what orchestrating one message costs (Step Functions transitions, Lambda, DynamoDB), next to what
 * SES/SNS charge for sending it. Goal: orchestration ≤ 10 % of the send price.
 *
 * - Transitions come from the synthesized state machines (createJourneysApp, no bundling, in process): each
 *   journey's main path is walked state by state (one transition per state entered, as Step Functions bills),
 *   and the message step alone (`deliverStep`: one deliver-message task; a deferral leaves it through its Catch,
 *   which the walk follows) is synthesized and walked for a message sent at once, deferred once, and falling back
 *   once. The two-task step it replaced (evaluate-message → send-message, removed) is in `HISTORY`. The figures
 *   before the one-transition step are kept in `BEFORE` so the tables show before/after; the section ends with one
 *   machine-readable `bench cost:` line.
 * - DynamoDB request units and the handlers' in-process latency come from the dynamodb-calls bench (real
 *   handlers on dynalite). Lambda duration is that latency scaled conservatively (see DURATION_MODEL).
 * - Prices: list prices, us-east-1, as of 2025 (docs/cost-model.md has the sources).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../contracts/functions';
import { journeyDefinitions, localFunctionArn, type AslDefinition } from '../infra/definitions';
import { synthesizeTemplate } from '../infra/journeys-app';
import { deliverStep, JourneyScope, type JourneyFunctionsMap } from '../workflows/blocks';
import { STEP_SIGNALS } from '../contracts/payloads';
import { measureDynamoCalls, type Summary } from './dynamodb.bench';
import { fmt, type BenchSection } from './harness';

/** List prices, US East (N. Virginia), as of 2025; sources and dates in docs/cost-model.md. */
export const PRICES = {
  stepFunctionsStandardPerTransition: 0.025 / 1000,
  stepFunctionsExpressPerRequest: 1.0 / 1e6,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerRequest: 0.2 / 1e6,
  dynamoOnDemandPerRru: 0.125 / 1e6,
  dynamoOnDemandPerWru: 0.625 / 1e6,
  sesPerEmail: 0.1 / 1000,
  /** SNS SMS to the US: base price per message part, before carrier fees (which add more). */
  snsSmsUs: 0.00581,
  snsPush: 0.5 / 1e6,
  eventBridgeSchedulerPerInvocation: 1.0 / 1e6,
} as const;

export const ORCHESTRATION_GOAL = 0.1;

/** Goals of the one-transition step: main-path transitions per message, and dollars per message / per customer. */
const TRANSITION_GOALS: Readonly<Record<string, number>> = { onboarding: 2.5, incident: 5, 'post-resolution': 3 };
const STEP_GOAL_USD = 30 / 1e6;
const CUSTOMER_GOAL_USD = 0.00025;

/**
 * The figures before the one-transition step (main 1ac3e8d, `npm run bench -- cost`), kept so the tables show
 * before/after: a message task was followed by a `deferred?` choice, and each onboarding tip by a customer-status
 * task and an `exit?` choice (2 more status tasks than now on the onboarding main path).
 */
const BEFORE = {
  stepAtOnce: 2,
  step: { sent: 2, deferredOnce: 5, fallbackOnce: 2, suppressed: 2 },
  journeys: {
    onboarding: { transitions: 19, moreStatusTasks: 2 },
    incident: { transitions: 17, moreStatusTasks: 0 },
    crisis: { transitions: 18, moreStatusTasks: 0 },
    'post-resolution': { transitions: 13, moreStatusTasks: 0 },
  } as Readonly<Record<string, { transitions: number; moreStatusTasks: number }>>,
} as const;

/**
 * The two-task message step (evaluate-message → `outcome?` → send-message → `delivered?`), removed once no journey
 * used it: its figures from the run of 2026-11-24 (docs/cost-model.md), per message sent at once, in dollars.
 */
const HISTORY = {
  step: { sent: 5, deferredOnce: 9, fallbackOnce: 10, suppressed: 3 },
  atOnce: { transitions: 5, stepFunctions: 125e-6, lambdaRequests: 0.4e-6, lambdaCompute: 1.15e-6, dynamo: 3.13e-6, total: 129.68e-6 },
} as const;

/**
 * In-process latency (this machine, dynalite on loopback, providers mocked) → Lambda billed duration: ×3 for the
 * CPU (512 MB is ~0.3 vCPU), +8 ms per DynamoDB call (in-region round trip), +80 ms per provider call (SES/SNS).
 * Other journey tasks (customer-status, wait-for-event, …): 50 ms each. Deliberately on the high side.
 */
export const DURATION_MODEL = { cpuFactor: 3, msPerDynamoCall: 8, msPerProviderCall: 80, otherTaskMs: 50 } as const;

interface StepFigures {
  transitions: { sent: number; deferredOnce: number; fallbackOnce: number; suppressed: number };
  invocations: Partial<Record<FunctionName, number>>;
}

interface JourneyPath {
  journey: string;
  states: string[];
  transitions: number;
  messages: number;
  invocations: Partial<Record<FunctionName, number>>;
}

/** Which way the main path goes at a Choice: the target state (or its name's start) for the n-th visit (the last one repeats). */
const MAIN_PATH_CHOICES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  onboarding: { 'Woken by activation?': ['Tips'] },
  incident: { 'Update or resolution?': ['Incident update', 'Incident resolved'] },
  crisis: { 'Change?': ['Apply update', 'Apply resolution'] },
};

const functionOf = (state: Record<string, unknown>): FunctionName | undefined => {
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  const arn = resource.startsWith('arn:aws:states:::lambda:invoke') ? String((state.Parameters as Record<string, unknown> | undefined)?.FunctionName ?? '') : resource;
  const name = arn.split(':function:')[1];
  return name !== undefined && (FUNCTION_NAMES as string[]).includes(name) ? (name as FunctionName) : undefined;
};

/**
 * Walks `definition` from StartAt, one state entered = one transition, choosing at each Choice with `choose`
 * (default: a message step's "sent" branch, otherwise the Default); stops at an end, or before entering `stop`.
 */
function walk(definition: AslDefinition, choose: (name: string, state: Record<string, unknown>, visit: number) => string | undefined, stop?: string): JourneyPath {
  const visits = new Map<string, number>();
  const states: string[] = [];
  const invocations: Partial<Record<FunctionName, number>> = {};
  let at: string | undefined = definition.StartAt;
  while (at !== undefined && at !== stop) {
    const state = definition.States[at] as Record<string, unknown> & { Type: string };
    if (!state) throw new Error(`no state ${at}`);
    const visit: number = (visits.get(at) ?? 0) + 1;
    visits.set(at, visit);
    if (visit > 3 || states.length > 500) throw new Error(`walk loops at ${at}`);
    states.push(at);
    const fn = functionOf(state);
    if (fn) invocations[fn] = (invocations[fn] ?? 0) + 1;
    // A Task may leave through its Catch (deliver-message's Message.Deferred / Journey.Exited signals).
    const caughtTo = state.Type === 'Task' ? choose(at, state, visit) : undefined;
    if (state.Type === 'Choice') at = choose(at, state, visit) ?? (state.Default as string | undefined);
    else if (caughtTo !== undefined) at = caughtTo;
    else if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') at = undefined;
    else at = state.Next as string | undefined;
  }
  return {
    journey: '',
    states,
    transitions: states.length,
    messages: (invocations['deliver-message'] ?? 0) - countRetries(states),
    invocations,
  };
}

/** Re-evaluations of the same message (after a deferral or fallback) are not new messages. */
const countRetries = (states: string[]): number => states.filter((name) => name.endsWith(': next attempt') || name.endsWith(': deliver again')).length;

const rule = (state: Record<string, unknown>, predicate: (next: string) => boolean): string | undefined =>
  ((state.Choices ?? []) as { Next: string }[]).map((c) => c.Next).find(predicate);

function mainPathChooser(journey: string) {
  const routes = MAIN_PATH_CHOICES[journey] ?? {};
  return (name: string, state: Record<string, unknown>, visit: number): string | undefined => {
    const route = routes[name];
    if (route) {
      const target = route[Math.min(visit, route.length) - 1]!;
      const next = rule(state, (candidate) => candidate === target || candidate.startsWith(target));
      if (next === undefined) throw new Error(`${journey}: ${name} has no branch to ${target}`);
      return next;
    }
    if (name.endsWith(': outcome?')) return rule(state, (next) => next.endsWith(': send'));
    return undefined;
  };
}

export function journeyPaths(): JourneyPath[] {
  const definitions = journeyDefinitions(synthesizeTemplate());
  return Object.entries(definitions).map(([journey, definition]) => ({ ...walk(definition, mainPathChooser(journey)), journey }));
}

/** The message step, synthesized alone (followed by `Done`), walked for each scenario. */
function stepFigures(): { redesign: StepFigures } {
  const stack = new Stack(new App(), 'CostModel');
  const functions = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, lambda.Function.fromFunctionArn(stack, `Fn-${name}`, localFunctionArn(name))])) as JourneyFunctionsMap;
  const props = { template: 'tips', topic: 'onboarding_tips', category: 'marketing' } as const;
  const asl = (build: (scope: JourneyScope) => sfn.IChainable & { next(next: sfn.IChainable): sfn.Chain }, id: string): AslDefinition => {
    const scope = new JourneyScope(stack, id, { journey: 'onboarding', functions });
    const chain = build(scope).next(new sfn.Succeed(scope, 'Done'));
    return JSON.parse(JSON.stringify(new sfn.StateGraph(chain.startState, id).toGraphJson())) as AslDefinition;
  };
  const redesign = asl((scope) => deliverStep(scope, 'Tip', props), 'Redesign');

  // Scenario choosers: what the decision/delivery says at the n-th visit of each Choice.
  const scenario = (outcomes: readonly ('sent' | 'deferred' | 'suppressed')[], deliveries: readonly ('sent' | 'fallback')[]) => {
    // deliverStep: the n-th deliver-message evaluation of the message (first task, then `deliver again`) decides.
    let evaluations = 0;
    return (name: string, state: Record<string, unknown>, visit: number) => {
    const pick = <T>(list: readonly T[]) => list[Math.min(visit, list.length) - 1];
    if (state.Type === 'Task') {
      if (functionOf(state) !== 'deliver-message' || name.endsWith(': park')) return undefined;
      evaluations++;
      const outcome = outcomes[Math.min(evaluations, outcomes.length) - 1];
      const catcher = ((state.Catch ?? []) as { ErrorEquals: string[]; Next: string }[]).find((c) => c.ErrorEquals.includes(STEP_SIGNALS.messageDeferred));
      return outcome === 'deferred' ? catcher?.Next : undefined;
    }
    if (name.endsWith(': outcome?') || name.endsWith(': deferred?')) {
      const outcome = pick(outcomes);
      if (outcome === 'deferred') return rule(state, (next) => next.endsWith(': wait until sendAt'));
      if (outcome === 'sent' && name.endsWith(': outcome?')) return rule(state, (next) => next.endsWith(': send'));
      return undefined;
    }
    if (name.endsWith(': delivered?')) return pick(deliveries) === 'fallback' ? rule(state, (next) => next.endsWith(': next attempt')) : undefined;
    return undefined;
    };
  };
  const figures = (definition: AslDefinition): StepFigures => {
    const count = (outcomes: readonly ('sent' | 'deferred' | 'suppressed')[], deliveries: readonly ('sent' | 'fallback')[] = ['sent']) =>
      walk(definition, scenario(outcomes, deliveries), 'Done').transitions;
    return {
      transitions: {
        sent: count(['sent']),
        deferredOnce: count(['deferred', 'sent']),
        // The redesign falls back inside the invocation: the state machine sees one delivery.
        fallbackOnce: count(['sent'], ['fallback', 'sent']),
        suppressed: count(['suppressed']),
      },
      invocations: walk(definition, scenario(['sent'], ['sent']), 'Done').invocations,
    };
  };
  return { redesign: figures(redesign) };
}

interface MessageCost {
  transitions: number;
  stepFunctions: number;
  lambdaRequests: number;
  lambdaCompute: number;
  dynamo: number;
  total: number;
}

const billedMs = (s: Summary, providerCalls: number): number =>
  Math.ceil(s.p50Ms * DURATION_MODEL.cpuFactor + s.calls * DURATION_MODEL.msPerDynamoCall + providerCalls * DURATION_MODEL.msPerProviderCall);

function messageCost(transitions: number, invocations: { fn: FunctionName; ms: number }[], rru: number, wru: number): MessageCost {
  const stepFunctions = transitions * PRICES.stepFunctionsStandardPerTransition;
  const lambdaRequests = invocations.length * PRICES.lambdaPerRequest;
  const lambdaCompute = invocations.reduce((sum, { fn, ms }) => sum + (FUNCTIONS[fn].memoryMb / 1024) * (ms / 1000) * PRICES.lambdaArmPerGbSecond, 0);
  const dynamo = rru * PRICES.dynamoOnDemandPerRru + wru * PRICES.dynamoOnDemandPerWru;
  return { transitions, stepFunctions, lambdaRequests, lambdaCompute, dynamo, total: stepFunctions + lambdaRequests + lambdaCompute + dynamo };
}

const perMillion = (dollars: number): string => `$${fmt(dollars * 1e6, 2)}`;
const pct = (part: number, whole: number): string => `${fmt((100 * part) / whole, part / whole < 0.1 ? 2 : 0)} %`;

export async function costBench(): Promise<BenchSection> {
  const dynamo = await measureDynamoCalls();
  const typical = dynamo.shapes[dynamo.shapes.length - 1]!;
  const steps = stepFigures();
  const journeys = journeyPaths();

  const deliverMs = billedMs(typical.deliver, 1);
  const current: MessageCost = HISTORY.atOnce;
  const redesign = messageCost(steps.redesign.transitions.sent, [{ fn: 'deliver-message', ms: deliverMs }], typical.deliver.rru, typical.deliver.wru);
  // Before the one-transition step: the same task followed by its `deferred?` Choice on every message.
  const withChoice = messageCost(BEFORE.stepAtOnce, [{ fn: 'deliver-message', ms: deliverMs }], typical.deliver.rru, typical.deliver.wru);
  // Express child per message (not built): one parent task, the child running deliver-message, billed per request + 64 MB × 100 ms chunks.
  const expressDurationS = Math.ceil((deliverMs + 50) / 100) / 10;
  const expressChild = messageCost(steps.redesign.transitions.sent, [{ fn: 'deliver-message', ms: deliverMs }], typical.deliver.rru, typical.deliver.wru);
  expressChild.total += PRICES.stepFunctionsExpressPerRequest + (64 / 1024) * expressDurationS * 0.00001667;
  // No Standard transition per message: a scheduler (EventBridge Scheduler) invokes deliver-message at the step's time.
  const scheduled = messageCost(0, [{ fn: 'deliver-message', ms: deliverMs }], typical.deliver.rru, typical.deliver.wru);
  scheduled.total += PRICES.eventBridgeSchedulerPerInvocation;

  const sendPrices = [
    ['email (SES)', PRICES.sesPerEmail],
    ['SMS (SNS, US base price)', PRICES.snsSmsUs],
    ['push (SNS)', PRICES.snsPush],
  ] as const;
  const designs = [
    ['history: two-task messageStep (evaluate + send; removed, run of 2026-11-24)', current],
    ['before: deliverStep, task + `deferred?` choice', withChoice],
    ['now: deliverStep, one transition (signals caught)', redesign],
    ['alternative: Express child workflow (not built)', expressChild],
    ['beyond: no Standard transition / message (scheduler → deliver-message; not built)', scheduled],
  ] as const;

  const lines: string[] = [
    'Orchestration per message **sent at once**, per 1,000,000 messages, list prices us-east-1 (2025; docs/cost-model.md). Measured inputs: transitions from the synthesized ASL; RRU/WRU and latency from the dynamodb-calls bench (customer with 20 recent messages).',
    `Lambda billed duration (DURATION_MODEL: ×${DURATION_MODEL.cpuFactor} in-process p50 + ${DURATION_MODEL.msPerDynamoCall} ms/DynamoDB call + ${DURATION_MODEL.msPerProviderCall} ms/provider call): deliver-message ${deliverMs} ms, at ${FUNCTIONS['deliver-message'].memoryMb} MB arm64.`,
    '',
    '| design | transitions | Step Functions | Lambda requests | Lambda GB-s | DynamoDB | **total / 1M** | vs email | vs SMS (US) | vs push |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...designs.map(
      ([label, c]) =>
        `| ${label} | ${c.transitions} | ${perMillion(c.stepFunctions)} | ${perMillion(c.lambdaRequests)} | ${perMillion(c.lambdaCompute)} | ${perMillion(c.dynamo)} | **${perMillion(c.total)}** | ${pct(c.total, PRICES.sesPerEmail)} | ${pct(c.total, PRICES.snsSmsUs)} | ${pct(c.total, PRICES.snsPush)} |`,
    ),
    '',
    `Send prices per 1M: ${sendPrices.map(([label, price]) => `${label} ${perMillion(price)}`).join(', ')}. Goal: orchestration ≤ ${fmt(ORCHESTRATION_GOAL * 100)} % of the send price.`,
    ...sendPrices.map(([label, price]) => {
      const verdict = (c: MessageCost) => (c.total <= ORCHESTRATION_GOAL * price ? 'met' : '**not met**');
      return `- ${label}: messageStep ${verdict(current)} (${pct(current.total, price)}), before ${verdict(withChoice)} (${pct(withChoice.total, price)}), now ${verdict(redesign)} (${pct(redesign.total, price)}), no-transition design ${verdict(scheduled)} (${pct(scheduled.total, price)}).`;
    }),
    '',
    `One message step at once: **${perMillion(redesign.total)} per 1M** (goal ≤ ${perMillion(STEP_GOAL_USD)}: ${redesign.total <= STEP_GOAL_USD ? 'met' : '**not met**'}).`,
    '',
    'Transitions per message step (walked on the synthesized blocks; "before" measured on the step with its `deferred?` choice):',
    '',
    '| message | messageStep (history) | deliverStep before | deliverStep now |',
    '|---|---:|---:|---:|',
    ...(['sent', 'deferredOnce', 'fallbackOnce', 'suppressed'] as const).map(
      (k) =>
        `| ${{ sent: 'sent at once', deferredOnce: 'deferred once, then sent', fallbackOnce: 'first channel fails, next one sent', suppressed: 'suppressed' }[k]} | ${HISTORY.step[k]} | ${BEFORE.step[k]} | ${steps.redesign.transitions[k]} |`,
    ),
    '',
    'Whole journeys, main path (states listed below), every message sent at once. Fully loaded = all transitions of the path + the message Lambdas and DynamoDB above + the other tasks on the path (customer-status, wait-for-event, next-best-action…: 1 request + 50 ms each; their DynamoDB not counted), divided by the messages sent. Before = the journeys before the one-transition step (main 1ac3e8d: a `deferred?` choice after every message task, a customer-status task + `exit?` choice before each onboarding tip), priced with the same Lambda figures.',
    '',
    '| journey | messages | before: transitions | per message | fully loaded / 1M messages | vs email | now: transitions | per message | fully loaded / 1M messages | vs email | goal / message |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...journeys.map((j) => {
      const before = BEFORE.journeys[j.journey]!;
      if (j.messages === 0) return `| ${j.journey} | broadcast | ${before.transitions} | — | — | — | ${j.transitions} | — | — | — | — |`;
      const loaded = (transitions: number, others: number) =>
        (transitions * PRICES.stepFunctionsStandardPerTransition + others) / j.messages + redesign.lambdaRequests + redesign.lambdaCompute + redesign.dynamo;
      const beforeLoaded = loaded(before.transitions, otherTasksCost(j) + before.moreStatusTasks * otherTaskCost('customer-status'));
      const now = loaded(j.transitions, otherTasksCost(j));
      const goal = TRANSITION_GOALS[j.journey];
      const verdict = goal === undefined ? '—' : `≤ ${goal}: ${j.transitions / j.messages <= goal ? 'met' : '**not met**'}`;
      return `| ${j.journey} | ${j.messages} | ${before.transitions} | ${fmt(before.transitions / j.messages, 2)} | ${perMillion(beforeLoaded)} | ${pct(beforeLoaded, PRICES.sesPerEmail)} | ${j.transitions} | ${fmt(j.transitions / j.messages, 2)} | ${perMillion(now)} | ${pct(now, PRICES.sesPerEmail)} | ${verdict} |`;
    }),
    '',
    'Main paths walked (one transition per state entered):',
    '',
    ...journeys.map((j) => `- **${j.journey}** (${j.transitions}): ${j.states.join(' → ')}`),
    '',
    (() => {
      const perCustomer = onboardingPerCustomer(journeys, redesign);
      return `Onboarding orchestration per customer, fully loaded: **$${perCustomer.toFixed(5)}** (goal ≤ $${CUSTOMER_GOAL_USD}: ${perCustomer <= CUSTOMER_GOAL_USD ? 'met' : '**not met**'}; Pinpoint charged $0.0012 per targeted customer-month).`;
    })(),
    '',
    `Crisis broadcasts are batched: a plan step, then an inline Map with one cursor loop per shard group; each loop invocation (the \`: loop\` task and its \`: more?\` choice, 2 transitions) sends to many recipients, so their Step Functions cost per recipient is negligible (${crisisBroadcastStates(journeys)} states on the crisis main path; docs/crisis-broadcast.md gives the per-broadcast history and cost for 1M recipients).`,
    '',
    machineLine(steps.redesign.transitions.sent, journeys, redesign),
  ];
  return { title: 'Cost model (orchestration per message)', lines };
}

const MESSAGE_FUNCTIONS: ReadonlySet<FunctionName> = new Set<FunctionName>(['deliver-message']);

/** One other task on a journey path: 1 request + DURATION_MODEL.otherTaskMs. */
const otherTaskCost = (fn: FunctionName): number =>
  PRICES.lambdaPerRequest + (FUNCTIONS[fn].memoryMb / 1024) * (DURATION_MODEL.otherTaskMs / 1000) * PRICES.lambdaArmPerGbSecond;

/** Lambda cost of the journey's other tasks on its main path. */
function otherTasksCost(path: JourneyPath): number {
  return Object.entries(path.invocations)
    .filter(([fn]) => !MESSAGE_FUNCTIONS.has(fn as FunctionName))
    .reduce((sum, [fn, count]) => sum + count * otherTaskCost(fn as FunctionName), 0);
}

/** Everything the onboarding main path costs for one customer: transitions, other tasks, and its messages. */
function onboardingPerCustomer(journeys: JourneyPath[], step: MessageCost): number {
  const onboarding = journeys.find((j) => j.journey === 'onboarding')!;
  return onboarding.transitions * PRICES.stepFunctionsStandardPerTransition + otherTasksCost(onboarding) + onboarding.messages * (step.lambdaRequests + step.lambdaCompute + step.dynamo);
}

function crisisBroadcastStates(journeys: JourneyPath[]): number {
  return journeys.find((j) => j.journey === 'crisis')?.states.length ?? 0;
}


/**
 * The one machine-readable line the bench ends with: transitions of a message step sent at once, main-path
 * transitions per message of each journey, and the orchestration of one onboarded customer, fully loaded.
 */
function machineLine(stepAtOnce: number, journeys: JourneyPath[], step: MessageCost): string {
  const of = (name: string) => journeys.find((j) => j.journey === name)!;
  const perMessage = (name: string) => String(Math.round((100 * of(name).transitions) / of(name).messages) / 100);
  return `bench cost: step_at_once_transitions=${stepAtOnce} onboarding_per_message=${perMessage('onboarding')} incident_per_message=${perMessage('incident')} post_resolution_per_message=${perMessage('post-resolution')} onboarding_usd_per_customer=${onboardingPerCustomer(journeys, step).toFixed(5)}`;
}

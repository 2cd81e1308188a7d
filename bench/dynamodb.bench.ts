/**
 * DynamoDB calls per message, counted through the real message task (deliver-message: decide and send in one
 * invocation) against in-process dynalite, with SES/SNS mocked and the crisis record cached
 * for 1 s as in Lambda (`cachedCrisis`). Every call asks for its consumed capacity (dynalite computes it as
 * DynamoDB does: reads in 4 KB units, strongly consistent = 1 RRU; writes in 1 KB units), so the cost model uses
 * measured RRU/WRU, not guesses.
 *
 * Two customers shapes: a new customer (profile only) and one with 20 messages in the last 90 days (ledger
 * entries + send claims in the same item collection, which the decision Query reads whole).
 */
import '../test/support/quiet-runtime';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { DeliverMessageResult } from '../contracts/payloads';
import { fmt, type BenchSection } from './harness';

export const HISTORY_MESSAGES = 20;
const CUSTOMERS_PER_SHAPE = 30;

interface Call {
  command: string;
  /** What was read or written: the customer collection, the crisis record, a single item. */
  target: string;
  rru: number;
  wru: number;
}

export interface InvocationCalls {
  calls: Call[];
  ms: number;
}

export interface ShapeFigures {
  shape: string;
  deliver: Summary;
  outcomes: Record<string, number>;
}

export interface Summary {
  /** Median per invocation. */
  calls: number;
  customerQueries: number;
  crisisReads: number;
  byCommand: Record<string, number>;
  rru: number;
  wru: number;
  p50Ms: number;
  p90Ms: number;
}

export interface DynamoFigures {
  shapes: ShapeFigures[];
  /** Crisis reads per decision over the whole run (the 1 s cache shared by a warm container). */
  crisisReadsPerDecision: number;
  decisions: number;
  runSeconds: number;
}

let memo: Promise<DynamoFigures> | undefined;

/** Runs once per process; the cost model reuses the figures. */
export function measureDynamoCalls(): Promise<DynamoFigures> {
  memo ??= run();
  return memo;
}

async function run(): Promise<DynamoFigures> {
  // Imported here, after quiet-runtime has set the Powertools environment the handler modules read on load.
  const { startTaskHarness, invoke } = await import('../test/support/task-harness');
  const { profile } = await import('../test/support/adapter-fixtures');
  const { cachedCrisis, setDependencies } = await import('../functions/handlers/runtime/dependencies');
  const { handler: deliver } = await import('../functions/handlers/deliver-message');

  const h = await startTaskHarness();
  try {
    h.ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    h.sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    // As deployed: the crisis record is read at most once a second per container.
    setDependencies({ ...h.deps, currentCrisis: cachedCrisis(() => h.deps.crisis.get(), 1000) });

    let current: Call[] = [];
    h.db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'INDEXES';
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
        const units = consumed?.CapacityUnits ?? 0;
        const command = context.commandName ?? 'unknown';
        const isRead = command === 'QueryCommand' || command === 'GetItemCommand';
        current.push({ command, target: targetOf(input), rru: isRead ? units : 0, wru: isRead ? 0 : units });
        return result;
      },
      { step: 'initialize', name: 'benchCapacity' },
    );
    const record = async <R>(op: () => Promise<R>): Promise<{ result: R } & InvocationCalls> => {
      current = [];
      const started = process.hrtime.bigint();
      const result = await op();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const calls = current;
      current = [];
      return { result, calls, ms };
    };

    const executionId = (customerId: string) => `arn:aws:states:eu-central-1:123456789012:execution:onboarding:${customerId}`;
    const message = (customerId: string, step: string, category: 'marketing' | 'transactional') => ({
      executionId: executionId(customerId),
      message: { customerId, journey: 'onboarding', step, topic: 'onboarding_tips', category, template: 'tips', vars: { tipNumber: 1 } },
    });

    const shapes: ShapeFigures[] = [];
    let decisions = 0;
    let crisisReads = 0;
    const started = Date.now();
    for (const [shape, history] of [
      ['new customer (profile only)', 0],
      [`customer with ${HISTORY_MESSAGES} messages in 90 days`, HISTORY_MESSAGES],
    ] as const) {
      const deliveries: InvocationCalls[] = [];
      const outcomes: Record<string, number> = {};
      const seed = async (customerId: string) => {
        h.setNow('2026-10-01T10:00:00.000Z');
        await h.deps.profiles.putProfile(profile(customerId, { name: 'Ana' }));
        for (let n = 0; n < history; n++) {
          h.setNow(new Date(Date.parse('2026-10-01T10:00:00.000Z') + n * 4 * 86_400_000).toISOString());
          await invoke(deliver, 'deliver-message', message(customerId, `history-${n}`, 'transactional'));
        }
        h.setNow('2026-12-30T10:00:00.000Z');
      };
      for (let i = 0; i < CUSTOMERS_PER_SHAPE; i++) {
        const customerId = `bench-${history}-${i}`;
        await seed(customerId);
        const delivered = await record(() => invoke<DeliverMessageResult>(deliver, 'deliver-message', message(customerId, 'tip-1', 'marketing')));
        deliveries.push(delivered);
        outcomes[delivered.result.outcome] = (outcomes[delivered.result.outcome] ?? 0) + 1;
        decisions += 1;
      }
      crisisReads += deliveries.reduce((sum, x) => sum + x.calls.filter((c) => c.target === 'crisis').length, 0);
      shapes.push({ shape, deliver: summarize(deliveries), outcomes });
    }
    return { shapes, crisisReadsPerDecision: crisisReads / decisions, decisions, runSeconds: (Date.now() - started) / 1000 };
  } finally {
    setDependencies(undefined);
    await h.close();
  }
}

function targetOf(input: Record<string, unknown>): string {
  // Before or after the document client's marshalling: `"x"` or `{ S: "x" }`.
  const text = (value: unknown): string => (typeof value === 'string' ? value : ((value as { S?: string } | undefined)?.S ?? ''));
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const key = (input.Key ?? input.Item ?? {}) as Record<string, unknown>;
  const pk = text(values[':pk']) || text(key.pk);
  if (pk === 'CRISIS') return 'crisis';
  if (input.KeyConditionExpression !== undefined) return 'customer collection';
  return text(key.sk).split('#')[0] || 'item';
}

function summarize(list: InvocationCalls[]): Summary {
  const perInvocation = (f: (calls: Call[]) => number) => median(list.map((x) => f(x.calls)));
  const commands = [...new Set(list.flatMap((x) => x.calls.map((c) => `${c.command.replace(/Command$/, '')} ${c.target}`)))].sort();
  const ms = list.map((x) => x.ms).sort((a, b) => a - b);
  return {
    calls: perInvocation((calls) => calls.length),
    customerQueries: perInvocation((calls) => calls.filter((c) => c.target === 'customer collection').length),
    crisisReads: list.reduce((sum, x) => sum + x.calls.filter((c) => c.target === 'crisis').length, 0) / Math.max(1, list.length),
    byCommand: Object.fromEntries(commands.map((name) => [name, perInvocation((calls) => calls.filter((c) => `${c.command.replace(/Command$/, '')} ${c.target}` === name).length)])),
    rru: perInvocation((calls) => calls.reduce((sum, c) => sum + c.rru, 0)),
    wru: perInvocation((calls) => calls.reduce((sum, c) => sum + c.wru, 0)),
    p50Ms: ms[Math.floor(ms.length * 0.5)] ?? 0,
    p90Ms: ms[Math.floor(ms.length * 0.9)] ?? 0,
  };
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export async function dynamodbBench(): Promise<BenchSection> {
  const figures = await measureDynamoCalls();
  const row = (label: string, s: Summary) =>
    `| ${label} | ${fmt(s.customerQueries)} | ${fmt(s.crisisReads, 2)} | ${fmt(s.calls)} | ${Object.entries(s.byCommand).filter(([, v]) => v > 0).map(([k, v]) => `${k} ×${v}`).join(', ')} | ${fmt(s.rru, 1)} | ${fmt(s.wru, 1)} | ${fmt(s.p50Ms, 1)} | ${fmt(s.p90Ms, 1)} |`;
  const lines: string[] = [
    `Real handlers against in-process dynalite (SES/SNS mocked; the crisis record cached 1 s as in Lambda). ${CUSTOMERS_PER_SHAPE} customers per shape; medians per invocation (crisis reads: mean). Latency is in-process (no network): the cost model scales it up.`,
    '',
  ];
  for (const shape of figures.shapes) {
    const decisionQueries = shape.deliver.customerQueries;
    lines.push(
      `**${shape.shape}** — outcomes of the measured message: ${Object.entries(shape.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
      '',
      '| invocation | customer Query | crisis reads | DynamoDB calls | calls | RRU | WRU | p50 ms | p90 ms |',
      '|---|---:|---:|---:|---|---:|---:|---:|---:|',
      row('deliver-message (decide and send, one invocation)', shape.deliver),
      '',
      `Queries of the customer collection per decision: **${fmt(decisionQueries)}** (goal 1: ${decisionQueries === 1 ? 'met' : '**not met**'}).`,
      '',
    );
  }
  lines.push(
    `Crisis record reads per decision over the run: ${fmt(figures.crisisReadsPerDecision, 3)} (${figures.decisions} decisions in ${fmt(figures.runSeconds, 1)} s; the 1 s cache makes it one read per warm container per second, not per decision).`,
  );
  return { title: 'DynamoDB calls per message', lines };
}

/**
 * Handler configuration from the environment, validated once per container with clear errors. The adapters
 * read their own settings (TABLE_NAME, EMAIL_FROM, SES_CONFIGURATION_SET, SMS_SENDER_ID) in adapters/clients.ts.
 */
import * as z from '../../domain/zod';
import { applyPolicyOverride, parsePolicyOverride } from '../../domain/policy-override';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';

/** Set by the local runtime (local/handler-env.ts): development defaults such as the link secret may be used. */
export const LOCAL_RUNTIME_VARIABLE = 'JOURNEYS_LOCAL_RUNTIME';

const ConfigSchema = z.object({
  EVENT_BUS_NAME: z._default(z.string(), 'journeys'),
  /** Base URL of the public API: survey and unsubscribe links point here. */
  PUBLIC_BASE_URL: z._default(z.string(), 'http://127.0.0.1:3000'),
  /** HMAC secret for links when LINK_SECRET_ARN is not set (locally, tests); the default only in the local runtime (link-secret.ts). */
  UNSUBSCRIBE_SECRET: z._default(z.string().check(z.minLength(16)), 'local-development-secret-not-for-production'),
  STATUS_PAGE_URL: z.optional(z.string()),
  APP_URL: z._default(z.string(), 'https://app.example.com'),
  HELP_URL: z._default(z.string(), 'https://help.example.com'),
  REVIEW_URL: z._default(z.string(), 'https://reviews.example.com/journeys'),
  /** The provider's send quota (messages per second) a crisis broadcast is paced to, shared by its shard groups. */
  PROVIDER_QUOTA_PER_SECOND: z._default(z.coerce.number().check(z.positive()), 100),
  /**
   * Shard groups a crisis broadcast runs in parallel (1–16), each its own loop paced to its share of the quota.
   * Absent: ⌈quota / 200⌉ — one loop is planned for 200 recipients/s (docs/crisis-broadcast.md, "Figures").
   */
  BROADCAST_PARALLELISM: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(16))),
  /** Recipients in flight per loop; absent: ⌈group quota / 10⌉ within 4–64. */
  BROADCAST_CONCURRENCY: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1024))),
  /** How long one broadcast invocation works before it hands back a cursor (Lambda allows 15 minutes). */
  BROADCAST_TIME_BUDGET_MS: z._default(z.coerce.number().check(z.int(), z.gte(1000)), 10 * 60_000),
});

export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;
let cachedPolicy: Policy | undefined;

export function config(): Config {
  cached ??= ConfigSchema.parse(process.env);
  return cached;
}

/** The rules' policy: the defaults with the deployment's override (`JOURNEYS_POLICY`, JSON) applied. */
export function policy(): Policy {
  const override = process.env.JOURNEYS_POLICY;
  cachedPolicy ??= override ? applyPolicyOverride(parsePolicyOverride(override, 'JOURNEYS_POLICY')) : DEFAULT_POLICY;
  return cachedPolicy;
}

/** For the local runtime and tests, which set the environment after import. */
export function resetConfig(): void {
  cached = undefined;
  cachedPolicy = undefined;
}

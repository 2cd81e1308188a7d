/**
 * Deploy-time settings, from CDK context (`cdk.json`, or `-c key=value`). All optional; the defaults synthesize
 * a working stack in any account.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Construct } from 'constructs';
import { policyOverrideFrom, type PolicyOverride } from '../functions/domain/policy-override';

export const CONTEXT = {
  /** `false`: skip esbuild and use a stub asset for every function (tests, graphs, synth before handlers exist). */
  bundling: 'journeys:bundling',
  /** The sender address (an SES verified identity, or an address of a verified domain). */
  fromEmail: 'journeys:fromEmail',
  /** IAM principal ARN allowed to assume the on-call role (default: the account, i.e. any principal the account lets assume it). */
  onCallPrincipalArn: 'journeys:onCallPrincipalArn',
  /** IAM principal ARN allowed to assume the ops role (default: the account). */
  opsPrincipalArn: 'journeys:opsPrincipalArn',
  /** Base URL of the public API for survey and unsubscribe links (default: the API's own URL). */
  publicBaseUrl: 'journeys:publicBaseUrl',
  appUrl: 'journeys:appUrl',
  helpUrl: 'journeys:helpUrl',
  reviewUrl: 'journeys:reviewUrl',
  statusPageUrl: 'journeys:statusPageUrl',
  /** An email address subscribed to the alarm topic. */
  alarmEmail: 'journeys:alarmEmail',
  /** `false`: no WAF web ACL on the API (per-client rate limit on the public routes; default on). */
  waf: 'journeys:waf',
  /** How a changed journey reaches new entries: `all-at-once` (default), `canary:<percent>:<minutes>`, `linear:<percent>:<minutes>`. */
  rollout: 'journeys:rollout',
  /** Retention of every log group, in days (default 30). */
  logRetentionDays: 'journeys:logRetentionDays',
  /**
   * Overrides of the rules' policy (quiet hours, frequency caps, channel order, crisis playbook, compensation):
   * an object in cdk.json, JSON text, or the path of a JSON file (functions/domain/policy-override.ts).
   */
  policy: 'journeys:policy',
} as const;

export const DEFAULT_FROM_EMAIL = 'no-reply@example.com';

export function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

export function contextFlag(scope: Construct, key: string, fallback: boolean): boolean {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return fallback;
  return value === true || value === 'true' || value === '1';
}

export function contextNumber(scope: Construct, key: string, fallback: number): number {
  const value = contextString(scope, key);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`context ${key} must be a number, got ${value}`);
  return n;
}

/** The context `cdk synth` passes from `<root>/cdk.json` (feature flags, settings), for synths run in process. */
export function cdkJsonContext(root: string): Record<string, unknown> {
  const path = join(root, 'cdk.json');
  if (!existsSync(path)) return {};
  return (JSON.parse(readFileSync(path, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

/** The validated policy override, or undefined; a bad one fails the synth with the field that is wrong. */
export function contextPolicyOverride(scope: Construct): PolicyOverride | undefined {
  const value: unknown = scope.node.tryGetContext(CONTEXT.policy);
  if (value === undefined || value === null || value === '') return undefined;
  return policyOverrideFrom(value, `context ${CONTEXT.policy}`, (path) => readFileSync(path, 'utf8'));
}

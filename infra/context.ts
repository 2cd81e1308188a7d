/**
 * Deploy-time settings, from CDK context (`cdk.json`, or `-c key=value`). All optional; the defaults synthesize
 * a working stack in any account.
 */
import type { Construct } from 'constructs';

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
  /** How a changed journey reaches new entries: `all-at-once` (default), `canary:<percent>:<minutes>`, `linear:<percent>:<minutes>`. */
  rollout: 'journeys:rollout',
  /** Retention of every log group, in days (default 30). */
  logRetentionDays: 'journeys:logRetentionDays',
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

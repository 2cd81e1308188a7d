/**
 * What every SDK client is built from, read from the environment, so the Lambdas and the local runtime wire the
 * same adapters and only the endpoints differ:
 * - `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SESV2`, `AWS_ENDPOINT_URL_SNS`, `AWS_ENDPOINT_URL_EVENTBRIDGE`,
 *   `AWS_ENDPOINT_URL_SFN` (or `AWS_ENDPOINT_URL` for all) point a client at an emulator (dynalite,
 *   aws-ses-v2-local, the local runtime);
 * - `AWS_REGION` (default `eu-central-1`), `TABLE_NAME` (default `journeys`).
 *
 * No SDK import here: each client has its own module (dynamodb-client.ts, ses-client.ts, sns-client.ts,
 * sfn-client.ts, eventbridge-client.ts), so a bundle carries only the clients its handler uses.
 */
import { DEFAULT_TABLE_NAME } from './table-definition';

export type Environment = Record<string, string | undefined>;

export const DEFAULT_REGION = 'eu-central-1';

type ServiceId = 'DYNAMODB' | 'SESV2' | 'SNS' | 'EVENTBRIDGE' | 'SFN';

export function regionFrom(env: Environment = process.env): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
}

export function tableNameFrom(env: Environment = process.env): string {
  return env.TABLE_NAME ?? DEFAULT_TABLE_NAME;
}

/** Region, endpoint override and — only against an emulator without credentials in the environment — dummy
 * credentials, so the SDK does not walk the credential chain (and wait on the instance metadata service). */
export function clientConfig(service: ServiceId, env: Environment = process.env) {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  const needsDummyCredentials = endpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined && env.AWS_PROFILE === undefined;
  return {
    region: regionFrom(env),
    ...(endpoint ? { endpoint } : {}),
    ...(needsDummyCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  };
}

/** Handler configuration from the environment, validated once per container with clear errors. */
import { z } from 'zod';

const ConfigSchema = z.object({
  TABLE_NAME: z.string().default('journeys'),
  EVENT_BUS_NAME: z.string().default('journeys'),
  SES_CONFIGURATION_SET: z.string().default('journeys'),
  FROM_EMAIL: z.string().default('no-reply@example.com'),
  SMS_SENDER_ID: z.string().default('Journeys'),
  /** Base URL of the public API: survey and unsubscribe links point here. */
  PUBLIC_BASE_URL: z.string().default('http://127.0.0.1:3000'),
  /** HMAC secret for unsubscribe links. Deployed: from Secrets Manager/SSM at cold start. */
  UNSUBSCRIBE_SECRET: z.string().min(16).default('local-development-secret-not-for-production'),
  STATUS_PAGE_URL: z.string().optional(),
  APP_URL: z.string().default('https://app.example.com'),
  HELP_URL: z.string().default('https://help.example.com'),
  REVIEW_URL: z.string().default('https://reviews.example.com/journeys'),
});

export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= ConfigSchema.parse(process.env);
  return cached;
}

/** For the local runtime and tests, which set the environment after import. */
export function resetConfig(): void {
  cached = undefined;
}

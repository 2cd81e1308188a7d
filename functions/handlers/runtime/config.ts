/**
 * Handler configuration from the environment, validated once per container with clear errors. The adapters
 * read their own settings (TABLE_NAME, EMAIL_FROM, SES_CONFIGURATION_SET, SMS_SENDER_ID) in adapters/clients.ts.
 */
import * as z from 'zod';

const ConfigSchema = z.object({
  EVENT_BUS_NAME: z.string().default('journeys'),
  /** Base URL of the public API: survey and unsubscribe links point here. */
  PUBLIC_BASE_URL: z.string().default('http://127.0.0.1:3000'),
  /** HMAC secret for links when LINK_SECRET_ARN is not set (locally, tests); see link-secret.ts. */
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

/** The one Powertools logger every handler shares: structured JSON, PII masked at serialization. */
import { Logger } from '@aws-lambda-powertools/logger';
import { piiMaskingReplacer } from './pii';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'journeys',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
  jsonReplacerFn: piiMaskingReplacer,
});

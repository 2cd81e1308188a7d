/**
 * `GET /status`: the public status banner (rule 9: one source of truth, the crisis record). Anyone may read it
 * and any website may embed it (CORS `*`); it is cached for 15 seconds by browsers and CDNs, and read through
 * the handlers' short crisis cache, so a crisis does not turn the banner into a load test of the table.
 *
 * `{"mode": "normal"|"crisis", "severity"?, "headline"?, "updatedAt", "statusPageUrl"?}`; updatedAt is the crisis
 * record's (declared, updated or resolved), or now when there never was a crisis.
 */
import type { CrisisRecord } from '../domain/model/crisis';
import { byMethod, httpHandler } from './middleware/http-handler';
import { json } from './middleware/responses';
import { clock } from './runtime/clock';
import { config } from './runtime/config';
import { dependencies } from './runtime/dependencies';
import './runtime/wiring/current-crisis'; // builds the currentCrisis this module uses (runtime/dependencies.ts)

export interface StatusBanner {
  mode: 'normal' | 'crisis';
  severity?: string;
  headline?: string;
  updatedAt: string;
  statusPageUrl?: string;
}

export const STATUS_HEADERS = {
  'cache-control': 'public, max-age=15',
  'access-control-allow-origin': '*',
} as const;

export const handler = httpHandler(
  byMethod({
    GET: async () => json(200, banner(await dependencies().currentCrisis()), STATUS_HEADERS),
  }),
);

export function banner(record: CrisisRecord): StatusBanner {
  const statusPageUrl = (record.active ? record.statusPageUrl : undefined) ?? config().STATUS_PAGE_URL;
  const updatedAt = record.updatedAt ?? clock.now().toISOString();
  if (!record.active) return { mode: 'normal', updatedAt, ...(statusPageUrl ? { statusPageUrl } : {}) };
  return { mode: 'crisis', severity: record.severity, headline: record.headline, updatedAt, ...(statusPageUrl ? { statusPageUrl } : {}) };
}

/**
 * `GET /messages?customerId=&limit=`: the customer's recent decisions with their reasons (rule 11), newest
 * first — what `journeys why <customerId>` shows. `limit` is 1–100 (default 20).
 */
import * as z from '../domain/zod';
import { CustomerId } from '../domain/model/primitives';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { intParam, parseQuery, requiredParam } from './middleware/request';
import { json } from './middleware/responses';
import { dependencies } from './runtime/dependencies';

export const DEFAULT_MESSAGES = 20;
export const MAX_MESSAGES = 100;

const MessagesQuery = z.object({ customerId: requiredParam(CustomerId), limit: z.optional(intParam(1, MAX_MESSAGES)) });

export const handler = httpHandler(
  byMethod({
    GET: async (event: JsonEvent) => {
      const { customerId, limit } = parseQuery(MessagesQuery, event);
      const messages = await dependencies().ledger.recentDecisions(customerId, limit ?? DEFAULT_MESSAGES);
      return json(200, { messages });
    },
  }),
);

/**
 * `GET /executions?customerId=`: the customer's journey executions, newest first (at most 20), with their
 * status. Step Functions does not index executions by customer, so route-event records each execution it starts
 * in the customer's collection (`recordExecution`); the status is read live with DescribeExecution, in parallel.
 * An execution Step Functions no longer knows (closed executions are kept 90 days) or cannot describe right now
 * is listed with status `UNKNOWN` rather than failing the whole list.
 */
import * as z from '../domain/zod';
import { CustomerId } from '../domain/model/primitives';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { parseQuery, requiredParam } from './middleware/request';
import { json } from './middleware/responses';
import { dependencies } from './runtime/dependencies';
import { logger } from './runtime/logger';
import { count } from './runtime/metrics';
import './runtime/wiring/step-functions'; // builds the executions this module uses (runtime/dependencies.ts)
import './runtime/wiring/execution-log'; // builds the execution log this module uses (runtime/dependencies.ts)

export const MAX_EXECUTIONS = 20;

const ExecutionsQuery = z.object({ customerId: requiredParam(CustomerId) });

export interface ExecutionSummary {
  journey: string;
  id: string;
  status: string;
  startedAt: string;
}

export const handler = httpHandler(
  byMethod({
    GET: async (event: JsonEvent) => {
      const { customerId } = parseQuery(ExecutionsQuery, event);
      const { executionLog, executions: journeyExecutions } = dependencies();
      const recorded = await executionLog.listExecutions(customerId, MAX_EXECUTIONS);
      const executions = await Promise.all(
        recorded.map(async (execution): Promise<ExecutionSummary> => {
          let status = 'UNKNOWN';
          try {
            status = (await journeyExecutions.status(execution.id)) ?? 'UNKNOWN';
          } catch (error) {
            const name = (error as Error).name;
            logger.warn('could not describe an execution', { execution: execution.name, error: name });
            count('DescribeExecutionFailed', { error: name });
          }
          return { journey: execution.journey, id: execution.id, status, startedAt: execution.startedAt };
        }),
      );
      return json(200, { executions });
    },
  }),
);

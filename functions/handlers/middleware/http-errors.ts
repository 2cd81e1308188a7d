/**
 * Error → HTTP response, in one place. Named domain errors carry their status and the API's error body;
 * anything else is a 500 whose details go to the log, not to the caller.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { JourneysError } from '../../domain/errors';
import { logger } from '../runtime/logger';
import { json } from './responses';

export function httpErrors(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof JourneysError) {
        request.response = json(error.status, error.toBody());
        return;
      }
      logger.error('unhandled error', { error: error as Error });
      request.response = json(500, { error: { code: 'internal_error', message: 'something went wrong on our side; the request was not applied' } });
    },
  };
}

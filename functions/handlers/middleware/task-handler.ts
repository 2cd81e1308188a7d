/**
 * The middleware chain for functions the state machines invoke: context into the logger,
 * the payload validated against the step's schema. A payload that fails validation throws a
 * ValidationError, which Step Functions sees as the error name and the journey's Catch handles.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from '../../domain/zod';
import { parseOrThrow } from '../../domain/validation';
import { logger } from '../runtime/logger';

export function taskHandler<S extends z.ZodMiniType, R>(name: string, schema: S, fn: (payload: z.infer<S>, context: Context) => Promise<R>) {
  return middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => fn(parseOrThrow(schema, event, `${name} payload`), context));
}

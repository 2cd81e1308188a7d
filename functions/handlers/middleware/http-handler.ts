/**
 * One middleware chain for every HTTP handler, readable top to bottom: Lambda context into the logger,
 * errors mapped to the contract's error shape, the JSON body parsed and size-limited.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { logger } from '../runtime/logger';
import { httpErrors } from './http-errors';
import { jsonBody, type JsonEvent } from './json-body';

export type HttpFunction = (event: JsonEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface HttpHandlerOptions {
  /** Methods whose body is JSON and must be parsed; others ignore the body. */
  bodyMethods?: readonly string[];
  maxBodyBytes?: number;
}

export function httpHandler(fn: HttpFunction, options: HttpHandlerOptions = {}) {
  const bodyMethods = new Set(options.bodyMethods ?? ['POST', 'PUT', 'PATCH']);
  const parse = jsonBody({ maxBytes: options.maxBodyBytes, optional: true });
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors())
    .use({
      before: async (request) => {
        if (bodyMethods.has(request.event.httpMethod)) await parse.before!(request);
        else (request.event as JsonEvent).json = undefined;
      },
    })
    .handler((event, context) => fn(event as JsonEvent, context));
}

/** Dispatch by HTTP method inside one handler; other methods are a 405 in the contract's error shape. */
export function byMethod(routes: Partial<Record<string, HttpFunction>>): HttpFunction {
  return async (event, context) => {
    const route = routes[event.httpMethod];
    if (!route) {
      const allowed = Object.keys(routes).join(', ');
      return {
        statusCode: 405,
        headers: { 'content-type': 'application/json; charset=utf-8', allow: allowed },
        body: JSON.stringify({ error: { code: 'method_not_allowed', message: `${event.httpMethod} is not supported here; use ${allowed}` } }),
      };
    }
    return route(event, context);
  };
}


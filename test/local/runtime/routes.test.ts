/**
 * The local API Gateway serves the deployed API's routes (contracts/api-routes.ts) with the same functions,
 * and builds the proxy event the way the service does.
 */
import { describe, expect, it } from 'vitest';
import { API_ROUTES as DEPLOYED_ROUTES } from '../../../contracts/api-routes';
import { toProxyEvent } from '../../../local/http/api-gateway';
import { matchRoute } from '../../../local/http/api-routes';
import { LOCAL_PATHS } from '../../../local/http/local-api';
import { identityFor, ONCALL_IDENTITY } from '../../../local/http/identity';
import { callerOf } from '../../../functions/handlers/middleware/caller';

describe('local API routes', () => {
  // GET /health is the runtime's own locally (it reports the virtual clock's scale), api-health's when deployed.
  const routedToHandlers = DEPLOYED_ROUTES.filter((route) => !(LOCAL_PATHS as readonly string[]).includes(route.path));

  it('answers the deployed GET /health itself, with the virtual clock', () => {
    expect(DEPLOYED_ROUTES.some((route) => route.path === '/health')).toBe(true);
    expect(LOCAL_PATHS).toContain('/health');
  });

  it.each(routedToHandlers.map((route) => [route.method, route.path, route.function] as const))('%s %s is served by %s locally too', (method, path, fn) => {
    const match = matchRoute(path.replace(/\{[^}]+\}/g, 'x-1'));
    expect(match?.route.resource).toBe(path);
    expect(match?.route.methods[method]).toBe(fn);
  });

  it('builds the REST proxy event: raw path parameters, decoded multi-value query, case-kept headers, null when absent', () => {
    const event = toProxyEvent(
      {
        method: 'GET',
        url: '/profiles/c%2D1?limit=5&tag=a&tag=b%20c',
        rawHeaders: ['Accept', 'application/json', 'X-Trace', '1', 'x-trace', '2'],
        body: Buffer.alloc(0),
        sourceIp: '127.0.0.1',
      },
      { resource: '/profiles/{customerId}', pathParameters: { customerId: 'c%2D1' } },
      undefined,
      new Date('2026-11-23T10:00:00Z'),
    );
    expect(event).toMatchObject({
      resource: '/profiles/{customerId}',
      path: '/profiles/c%2D1',
      httpMethod: 'GET',
      pathParameters: { customerId: 'c%2D1' },
      queryStringParameters: { limit: '5', tag: 'b c' },
      multiValueQueryStringParameters: { limit: ['5'], tag: ['a', 'b c'] },
      headers: { Accept: 'application/json', 'X-Trace': '2' },
      multiValueHeaders: { Accept: ['application/json'], 'X-Trace': ['1', '2'] },
      body: null,
      isBase64Encoded: false,
      requestContext: { stage: 'local', resourcePath: '/profiles/{customerId}', requestTimeEpoch: Date.parse('2026-11-23T10:00:00Z') },
    });
    expect(event.requestContext.identity.userArn).toBeNull();
  });

  it('passes a body that is not UTF-8 base64-encoded', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const event = toProxyEvent(
      { method: 'POST', url: '/events', rawHeaders: ['Content-Type', 'application/json'], body: bytes, sourceIp: '127.0.0.1' },
      { resource: '/events', pathParameters: {} },
      undefined,
      new Date(),
    );
    expect(event).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64'), pathParameters: null, queryStringParameters: null });
  });

  it('gives the on-call token the identity the handlers recognise as on call, and nothing else', () => {
    const asEvent = (identity: ReturnType<typeof identityFor>) => ({ requestContext: { identity: { ...identity } } }) as never;
    expect(identityFor('Bearer s3cret', 's3cret')).toEqual(ONCALL_IDENTITY);
    expect(callerOf(asEvent(identityFor('Bearer s3cret', 's3cret')))?.roles).toEqual(['oncall']);
    expect(callerOf(asEvent(identityFor('Bearer wrong', 's3cret')))?.roles).toEqual([]);
    expect(callerOf(asEvent(identityFor('AWS4-HMAC-SHA256 Credential=x', 's3cret')))?.roles).toEqual([]);
    expect(identityFor(undefined, 's3cret')).toBeUndefined();
  });
});

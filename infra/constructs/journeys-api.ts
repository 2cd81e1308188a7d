/**
 * The HTTP API of shared/CONTRACT.md on API Gateway (REST), each route proxied to its api-* function.
 *
 * - Authorization: AWS_IAM (SigV4) everywhere, except what customers reach from a link or a banner:
 *   `GET /status`, `POST /surveys/{token}`, `GET|POST /unsubscribe` (their tokens are verified by the handlers).
 * - `OnCallRole` may invoke the crisis and journey lifecycle routes; `OpsRole` the other IAM routes, the lifecycle
 *   ones included (it can read the crisis but not change it).
 * - Basic request validation (JSON object bodies, required parameters); field-level validation is the handlers'
 *   (zod), and gateway errors are answered in the contract's error shape.
 * - Access logs (no IP addresses), execution logs at ERROR without data, X-Ray, stage and per-route throttling.
 */
import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../../functions/handlers/catalog';
import { acknowledge } from '../nag';

export const API_STAGE = 'v1';

type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface ApiRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly function: FunctionName;
  /** Reachable without AWS credentials. */
  readonly public?: boolean;
  /** Route of the on-call crisis switch. */
  readonly crisis?: boolean;
  /** Journey lifecycle (routing, pause, stop): ops and on-call both. */
  readonly lifecycle?: boolean;
  /** The request has a JSON body (validated to be an object). */
  readonly body?: boolean;
  /** Required query string parameters. */
  readonly requiredQuery?: readonly string[];
  /** Per-route throttling, for public routes. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** shared/CONTRACT.md's HTTP API (GET /health is the local runtime's own). */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/health', function: 'api-health', public: true, throttle: { rateLimit: 10, burstLimit: 20 } },
  { method: 'PUT', path: '/profiles/{customerId}', function: 'api-profiles', body: true },
  { method: 'GET', path: '/profiles/{customerId}', function: 'api-profiles' },
  { method: 'DELETE', path: '/profiles/{customerId}', function: 'api-profiles' },
  { method: 'POST', path: '/events', function: 'api-events', body: true },
  { method: 'GET', path: '/crisis', function: 'api-crisis', crisis: true },
  { method: 'PUT', path: '/crisis', function: 'api-crisis', crisis: true, body: true },
  { method: 'DELETE', path: '/crisis', function: 'api-crisis', crisis: true },
  { method: 'GET', path: '/crisis/audit', function: 'api-crisis', crisis: true },
  { method: 'POST', path: '/crisis/replay', function: 'api-crisis', crisis: true, body: true },
  { method: 'GET', path: '/status', function: 'api-status', public: true, throttle: { rateLimit: 200, burstLimit: 400 } },
  { method: 'GET', path: '/surveys/{token}', function: 'api-surveys', public: true, throttle: { rateLimit: 20, burstLimit: 40 } },
  { method: 'POST', path: '/surveys/{token}', function: 'api-surveys', public: true, body: true, throttle: { rateLimit: 20, burstLimit: 40 } },
  { method: 'GET', path: '/messages', function: 'api-messages', requiredQuery: ['customerId'] },
  { method: 'GET', path: '/executions', function: 'api-executions', requiredQuery: ['customerId'] },
  { method: 'GET', path: '/journeys', function: 'api-journeys', lifecycle: true },
  { method: 'GET', path: '/journeys/{name}', function: 'api-journeys', lifecycle: true },
  { method: 'PUT', path: '/journeys/{name}/routing', function: 'api-journeys', lifecycle: true, body: true },
  { method: 'PUT', path: '/journeys/{name}/pause', function: 'api-journeys', lifecycle: true, body: true },
  { method: 'DELETE', path: '/journeys/{name}/pause', function: 'api-journeys', lifecycle: true },
  { method: 'POST', path: '/journeys/{name}/stop', function: 'api-journeys', lifecycle: true, body: true },
  { method: 'GET', path: '/unsubscribe', function: 'api-unsubscribe', public: true, throttle: { rateLimit: 20, burstLimit: 40 } },
  { method: 'POST', path: '/unsubscribe', function: 'api-unsubscribe', public: true, throttle: { rateLimit: 20, burstLimit: 40 } },
];

export interface JourneysApiProps {
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  readonly logRetention: logs.RetentionDays;
  /** Who may assume the on-call role (default: the account). */
  readonly onCallPrincipal: iam.IPrincipal;
  /** Who may assume the ops role (default: the account). */
  readonly opsPrincipal: iam.IPrincipal;
}

/** The contract's error body for API Gateway's own errors (validation, auth, throttling). */
const ERROR_TEMPLATE = '{"error":{"code":"$context.error.responseType","message":$context.error.messageString,"issues":[]}}';

export class JourneysApi extends Construct {
  readonly api: apigw.RestApi;
  readonly onCallRole: iam.Role;
  readonly opsRole: iam.Role;
  readonly methods: { readonly route: ApiRoute; readonly method: apigw.Method }[] = [];

  constructor(scope: Construct, id: string, props: JourneysApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    const methodOptions: Record<string, apigw.MethodDeploymentOptions> = {};
    for (const route of API_ROUTES) {
      if (route.throttle) methodOptions[`${route.path}/${route.method}`] = { throttlingRateLimit: route.throttle.rateLimit, throttlingBurstLimit: route.throttle.burstLimit };
    }

    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: 'journeys',
      description: 'Journeys HTTP API (shared/CONTRACT.md)',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // Execution logging needs the account-level API Gateway CloudWatch role.
      cloudWatchRole: true,
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
      deployOptions: {
        stageName: API_STAGE,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields({
          caller: true,
          httpMethod: true,
          ip: false,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: true,
        }),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
        methodOptions,
      },
    });

    for (const type of [apigw.ResponseType.DEFAULT_4XX, apigw.ResponseType.DEFAULT_5XX]) {
      this.api.addGatewayResponse(type.responseType, { type, templates: { 'application/json': ERROR_TEMPLATE } });
    }
    const validator = this.api.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });
    const jsonObject = this.api.addModel('JsonObject', {
      contentType: 'application/json',
      modelName: 'JsonObject',
      description: 'Any JSON object; the handler validates its fields',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT },
    });

    for (const route of API_ROUTES) {
      const resource = this.api.root.resourceForPath(route.path);
      const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => `method.request.path.${m[1]}`);
      const requestParameters = Object.fromEntries([
        ...pathParameters.map((p) => [p, true] as const),
        ...(route.requiredQuery ?? []).map((q) => [`method.request.querystring.${q}`, true] as const),
      ]);
      const method = resource.addMethod(route.method, new apigw.LambdaIntegration(props.functions[route.function], { allowTestInvoke: false }), {
        authorizationType: route.public ? apigw.AuthorizationType.NONE : apigw.AuthorizationType.IAM,
        requestValidator: validator,
        ...(route.body ? { requestModels: { 'application/json': jsonObject } } : {}),
        ...(Object.keys(requestParameters).length > 0 ? { requestParameters } : {}),
      });
      if (route.public) {
        acknowledge(
          method,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} is reached by customers from a link or the status banner, without AWS credentials; the handler verifies the signed token it carries (or serves public data only), and the route is throttled.`,
        );
      }
      this.methods.push({ route, method });
    }

    this.onCallRole = new iam.Role(this, 'OnCallRole', {
      assumedBy: props.onCallPrincipal,
      description: 'Journeys on-call: declare, update and end a crisis (GET|PUT|DELETE /crisis); pause or stop journeys',
    });
    this.onCallRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: this.methods.filter((m) => m.route.crisis || m.route.lifecycle).map((m) => m.method.methodArn) }),
    );
    this.opsRole = new iam.Role(this, 'OpsRole', {
      assumedBy: props.opsPrincipal,
      description: 'Journeys operations: profiles, events, decisions, executions, crisis status',
    });
    this.opsRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['execute-api:Invoke'],
        // Ops may read the crisis record, not change it, nor read the audit of who did (on-call only).
        resources: this.methods.filter((m) => !m.route.public && (!m.route.crisis || (m.route.method === 'GET' && m.route.path === '/crisis'))).map((m) => m.method.methodArn),
      }),
    );

    acknowledge(
      this.api,
      'AwsSolutions-COG4',
      'No Cognito users exist here: callers are AWS principals signing with SigV4 (AWS_IAM: event sources, operations and on-call roles) or customers following a signed link (public routes).',
    );
    acknowledge(
      this.api.deploymentStage,
      'AwsSolutions-APIG3',
      'No WAF web ACL in this stack: every non-public route requires SigV4, and the public ones (status, survey answers, unsubscribe) carry stage and per-route throttles; associate an organisation-wide WAFv2 ACL with the stage if one exists.',
    );
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      acknowledge(
        cloudWatchRole,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        "API Gateway's account-level CloudWatch Logs role (needed for execution logging) is the one place AWS documents the managed AmazonAPIGatewayPushToCloudWatchLogs policy for; it lets API Gateway write its own logs only.",
      );
    }
  }

  /** The invoke URL of the stage, e.g. `https://abc.execute-api.eu-central-1.amazonaws.com/v1/`. */
  get url(): string {
    return this.api.url;
  }

  /**
   * The same URL without the trailing slash, built from the API id and the stage NAME, not the stage resource:
   * functions behind the API can carry it in their environment without a dependency cycle (stage → deployment →
   * methods → functions).
   */
  get baseUrl(): string {
    const stack = Stack.of(this);
    return `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${API_STAGE}`;
  }
}

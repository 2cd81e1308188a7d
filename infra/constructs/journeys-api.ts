/**
 * The HTTP API (docs/api.md) on API Gateway (REST), each route proxied to its api-* function.
 *
 * - Authorization: AWS_IAM (SigV4) everywhere, except what customers reach from a link or a banner:
 *   `GET /status`, `POST /surveys/{token}`, `GET|POST /unsubscribe` (their tokens are verified by the handlers).
 * - `OnCallRole` may invoke the crisis and journey lifecycle routes; `OpsRole` the other IAM routes, the lifecycle
 *   ones included (it can read the crisis but not change it).
 * - Basic request validation (JSON object bodies, required parameters); field-level validation is the handlers'
 *   (zod), and gateway errors are answered in the contract's error shape.
 * - Access logs (no IP addresses), execution logs at ERROR without data, X-Ray, stage and per-route throttling;
 *   per-client limits on the public routes come from the WAF web ACL (api-firewall.ts).
 */
import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTES, type ApiRoute } from '../../contracts/api-routes';
import type { FunctionName } from '../../contracts/functions';
import { acknowledge } from '../nag';

export const API_STAGE = 'v1';

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
      description: 'Journeys HTTP API (docs/api.md)',
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
      description: 'Journeys operations: profiles, events, decisions, executions, crisis status, parked messages (dlq)',
    });
    this.opsRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['execute-api:Invoke'],
        // Ops may read the crisis record, not change it, nor read the audit of who did (the on-call routes).
        resources: this.methods.filter((m) => !m.route.public && !m.route.onCall).map((m) => m.method.methodArn),
      }),
    );

    acknowledge(
      this.api,
      'AwsSolutions-COG4',
      'No Cognito users exist here: callers are AWS principals signing with SigV4 (AWS_IAM: event sources, operations and on-call roles) or customers following a signed link (public routes).',
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

  /** With `-c journeys:waf=false` only: the stack's own web ACL (api-firewall.ts) is left out deliberately. */
  acknowledgeNoFirewall(): void {
    acknowledge(
      this.api.deploymentStage,
      'AwsSolutions-APIG3',
      'journeys:waf=false: the stack does not create its web ACL because an organisation-wide WAFv2 ACL is associated with the stage instead; every non-public route requires SigV4, and the public ones carry stage and per-route throttles.',
    );
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

/**
 * Per-client protection for the public routes: a WAFv2 web ACL on the API stage with a rate-based rule.
 *
 * The public routes (status banner, survey answers, one-click unsubscribe) share API Gateway's per-route token
 * buckets, so one client sending ~40 requests/s would turn every customer's unsubscribe into 429s. The rule counts
 * requests per source IP over one minute on those routes only and answers 429 above the limit, so a flood costs
 * its sender, not the customers. SigV4 routes are left alone: event sources legitimately send bursts from one IP.
 *
 * The limit is per IP and generous on purpose: mailbox providers send RFC 8058 one-click unsubscribes (and their
 * link scanners fetch GET links) from shared addresses, so many genuine customers can share one IP.
 * Behind `-c journeys:waf=false` for stacks that attach an organisation-wide web ACL instead (docs/reliability-security.md
 * gives the cost).
 */
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { API_ROUTES } from '../../contracts/api-routes';

/** Requests per source IP per evaluation window, on the public routes together. */
export const PUBLIC_RATE_LIMIT_PER_IP = 300;
export const RATE_WINDOW_SECONDS = 60;

/** `/surveys/{token}` → `/surveys/`: what every request to a public route's path contains. */
export function publicPathPrefixes(): string[] {
  return [...new Set(API_ROUTES.filter((route) => route.public).map((route) => route.path.split('{')[0]!))].sort();
}

export interface ApiFirewallProps {
  readonly stage: apigw.Stage;
}

export class ApiFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const onPublicRoute: wafv2.CfnWebACL.StatementProperty = {
      orStatement: {
        statements: publicPathPrefixes().map((prefix) => ({
          byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: 'CONTAINS',
            searchString: prefix,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        })),
      },
    };
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: 'Journeys API: per-client rate limit on the public routes',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      customResponseBodies: {
        tooManyRequests: {
          contentType: 'APPLICATION_JSON',
          content: '{"error":{"code":"too_many_requests","message":"too many requests from this address; try again in a minute","issues":[]}}',
        },
      },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'JourneysApi', sampledRequestsEnabled: false },
      rules: [
        {
          name: 'PublicRoutesPerClient',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooManyRequests' } } },
          statement: {
            rateBasedStatement: {
              limit: PUBLIC_RATE_LIMIT_PER_IP,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
              scopeDownStatement: onPublicRoute,
            },
          },
          // Sampled requests would keep client IPs and paths with tokens in them: metrics only.
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'JourneysPublicRoutesPerClient', sampledRequestsEnabled: false },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'StageAssociation', { resourceArn: props.stage.stageArn, webAclArn: this.webAcl.attrArn });
  }
}

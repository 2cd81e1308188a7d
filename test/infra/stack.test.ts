/**
 * The Journeys stack as synthesized: the resources docs/architecture.md names, the API's authorization, least-privilege IAM
 * derived from the function catalog, alarms, and a clean cdk-nag (AWS Solutions) report.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOURNEYS } from '../../functions/domain/model/primitives';
import { FUNCTION_NAMES, FUNCTIONS, type FunctionAccess } from '../../contracts/functions';
import { NARROW_TABLE_ACCESS } from '../../infra/constructs/journey-functions';
import { CONTEXT } from '../../infra/context';
import { createJourneysApp } from '../../infra/journeys-app';
import { acknowledgeJustifiedWildcards } from '../../infra/nag';
import { ROUTES, routeId } from '../../contracts/routes';
import {
  actionsOf,
  allStatements,
  cdkJsonContext,
  dig,
  flat,
  functionLogicalId,
  functionRole,
  roleStatements,
  synthesize,
  type CfnTemplate,
  type Synthesized,
} from './support';

let s: Synthesized;
let json: CfnTemplate;
const ofType = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);

beforeAll(() => {
  s = synthesize();
  json = s.json;
}, 120_000);

describe('state machines', () => {
  it('one Standard state machine per journey, logging ALL without execution data, traced, tagged', () => {
    const machines = ofType('AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(4);
    const tagged = machines.map(([, r]) => (dig(r, 'Properties', 'Tags') as { Key: string; Value: string }[]).find((t) => t.Key === 'journeys:journey')?.Value);
    expect(tagged.sort()).toEqual([...JOURNEYS].sort());
    for (const [, machine] of machines) {
      expect(dig(machine, 'Properties', 'StateMachineType')).toBe('STANDARD');
      expect(dig(machine, 'Properties', 'LoggingConfiguration', 'Level')).toBe('ALL');
      expect(dig(machine, 'Properties', 'LoggingConfiguration', 'IncludeExecutionData')).toBe(false);
      expect(dig(machine, 'Properties', 'LoggingConfiguration', 'Destinations', 0, 'CloudWatchLogsLogGroup', 'LogGroupArn')).toBeDefined();
      expect(dig(machine, 'Properties', 'TracingConfiguration', 'Enabled')).toBe(true);
    }
  });

  it('the crisis state machine may start executions of itself (continue-as-new) and nothing else; no other may start any', () => {
    for (const [id, machine] of ofType('AWS::StepFunctions::StateMachine')) {
      const journey = (dig(machine, 'Properties', 'Tags') as { Key: string; Value: string }[]).find((t) => t.Key === 'journeys:journey')?.Value;
      const role = dig(machine, 'Properties', 'RoleArn', 'Fn::GetAtt', 0) as string;
      const starts = roleStatements(json, role).filter((st) => st.Effect === 'Allow' && actionsOf([st]).some((a) => a.startsWith('states:')));
      if (journey !== 'crisis') {
        expect(starts, journey).toEqual([]);
        continue;
      }
      // Only through its alias `live` (the continuation is a new entry).
      expect(starts.map((st) => [actionsOf([st]), st.Resource])).toEqual([[['states:StartExecution'], { 'Fn::Join': ['', [{ Ref: id }, ':live']] }]]);
      // In a policy of its own, which the state machine does not depend on: the statement names the state machine,
      // so the role's default policy (a dependency of the state machine) would make a cycle.
      const [policyId] = Object.entries(json.Resources).find(
        ([, r]) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(dig(r, 'Properties', 'PolicyDocument')).includes('states:StartExecution') && JSON.stringify(dig(r, 'Properties', 'Roles')).includes(role),
      )!;
      const dependsOn = (json.Resources[id] as { DependsOn?: string[] }).DependsOn ?? [];
      expect(dependsOn).not.toContain(policyId);
      expect(dependsOn.length).toBeGreaterThan(0);
    }
  });

  it('outputs the API URL, bus, table and every state machine ARN', () => {
    const outputs = Object.keys(json.Outputs ?? {});
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'EventBusName',
        'TableName',
        'StateMachineArnOnboarding',
        'StateMachineArnIncident',
        'StateMachineArnCrisis',
        'StateMachineArnPostResolution',
      ]),
    );
  });
});

describe('event bus and routes', () => {
  it('a bus named journeys', () => {
    s.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'journeys' });
  });

  it('one rule per route of contracts/routes.ts, targeting route-event with the route id, its own DLQ and a retry policy', () => {
    const routeEvent = functionLogicalId(json, 'route-event');
    // The bus's rules (the lifecycle schedule is a rule of the default bus, tested below).
    const rules = ofType('AWS::Events::Rule').filter(([, rule]) => dig(rule, 'Properties', 'ScheduleExpression') === undefined);
    expect(rules).toHaveLength(ROUTES.length);
    const dlqs = new Set<string>();
    for (const route of ROUTES) {
      const id = routeId(route);
      const match = rules.filter(([, rule]) => {
        const target = dig(rule, 'Properties', 'Targets', 0);
        return (
          JSON.stringify(dig(rule, 'Properties', 'EventPattern')) === JSON.stringify({ 'detail-type': [route.eventType] }) &&
          String(dig(target, 'InputTransformer', 'InputTemplate')).includes(`"routeId":"${id}"`)
        );
      });
      expect(match, id).toHaveLength(1);
      const [, rule] = match[0]!;
      expect(flat(dig(rule, 'Properties', 'EventBusName'))).toMatch(/^<JourneysBus/);
      const targets = dig(rule, 'Properties', 'Targets') as unknown[];
      expect(targets).toHaveLength(1);
      expect(dig(targets[0], 'Arn', 'Fn::GetAtt', 0)).toBe(routeEvent);
      expect(dig(targets[0], 'InputTransformer', 'InputPathsMap')).toEqual({ detail: '$.detail' });
      // 20 retries within 6 hours, then the rule's dead-letter queue (docs/operations.md).
      expect(dig(targets[0], 'RetryPolicy')).toEqual({ MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 });
      const dlq = dig(targets[0], 'DeadLetterConfig', 'Arn', 'Fn::GetAtt', 0) as string;
      expect(json.Resources[dlq]?.Type).toBe('AWS::SQS::Queue');
      dlqs.add(dlq);
    }
    expect(dlqs.size).toBe(ROUTES.length);
  });

  it('a schedule every minute invokes journey-lifecycle (pauses and the freeze end by themselves at until)', () => {
    const schedules = ofType('AWS::Events::Rule').filter(([, rule]) => dig(rule, 'Properties', 'ScheduleExpression') !== undefined);
    expect(schedules).toHaveLength(1);
    const [, rule] = schedules[0]!;
    expect(dig(rule, 'Properties', 'ScheduleExpression')).toBe('rate(1 minute)');
    expect(dig(rule, 'Properties', 'EventBusName')).toBeUndefined();
    const targets = dig(rule, 'Properties', 'Targets') as unknown[];
    expect(targets).toHaveLength(1);
    expect(dig(targets[0], 'Arn', 'Fn::GetAtt', 0)).toBe(functionLogicalId(json, 'journey-lifecycle'));
  });

  it('every queue is encrypted and TLS-only', () => {
    for (const [id, queue] of ofType('AWS::SQS::Queue')) {
      expect(dig(queue, 'Properties', 'SqsManagedSseEnabled'), id).toBe(true);
      const policy = ofType('AWS::SQS::QueuePolicy').find(([, p]) => (dig(p, 'Properties', 'Queues') as { Ref: string }[]).some((q) => q.Ref === id));
      const statements = (dig(policy?.[1], 'Properties', 'PolicyDocument', 'Statement') ?? []) as Record<string, unknown>[];
      expect(
        statements.some((st) => st.Effect === 'Deny' && JSON.stringify(st.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } })),
        id,
      ).toBe(true);
    }
  });
});

describe('table', () => {
  it('on demand, PITR, SSE, TTL, the bySegment GSI, retained', () => {
    const tables = ofType('AWS::DynamoDB::Table').filter(([, t]) => (dig(t, 'Properties', 'GlobalSecondaryIndexes') as unknown[] | undefined)?.length);
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    expect(dig(table, 'Properties', 'BillingMode')).toBe('PAY_PER_REQUEST');
    expect(dig(table, 'Properties', 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')).toBe(true);
    expect(dig(table, 'Properties', 'SSESpecification', 'SSEEnabled')).toBe(true);
    expect(dig(table, 'Properties', 'TimeToLiveSpecification')).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(dig(table, 'Properties', 'KeySchema')).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(dig(table, 'Properties', 'GlobalSecondaryIndexes')).toEqual([
      {
        IndexName: 'bySegment',
        KeySchema: [
          { AttributeName: 'segmentKey', KeyType: 'HASH' },
          { AttributeName: 'customerId', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ]);
    expect(table.DeletionPolicy).toBe('Retain');
  });
});

describe('HTTP API', () => {
  const EXPECTED: Record<string, { auth: 'AWS_IAM' | 'NONE'; fn: string }> = {
    'GET /health': { auth: 'NONE', fn: 'api-health' },
    'GET /crisis/audit': { auth: 'AWS_IAM', fn: 'api-crisis' },
    'POST /crisis/replay': { auth: 'AWS_IAM', fn: 'api-crisis' },
    'GET /surveys/{token}': { auth: 'NONE', fn: 'api-surveys' },
    'PUT /profiles/{customerId}': { auth: 'AWS_IAM', fn: 'api-profiles' },
    'GET /profiles/{customerId}': { auth: 'AWS_IAM', fn: 'api-profiles' },
    'DELETE /profiles/{customerId}': { auth: 'AWS_IAM', fn: 'api-profiles' },
    'POST /events': { auth: 'AWS_IAM', fn: 'api-events' },
    'GET /crisis': { auth: 'AWS_IAM', fn: 'api-crisis' },
    'PUT /crisis': { auth: 'AWS_IAM', fn: 'api-crisis' },
    'DELETE /crisis': { auth: 'AWS_IAM', fn: 'api-crisis' },
    'GET /status': { auth: 'NONE', fn: 'api-status' },
    'POST /surveys/{token}': { auth: 'NONE', fn: 'api-surveys' },
    'GET /messages': { auth: 'AWS_IAM', fn: 'api-messages' },
    'GET /executions': { auth: 'AWS_IAM', fn: 'api-executions' },
    'GET /journeys': { auth: 'AWS_IAM', fn: 'api-journeys' },
    'GET /journeys/{name}': { auth: 'AWS_IAM', fn: 'api-journeys' },
    'PUT /journeys/{name}/routing': { auth: 'AWS_IAM', fn: 'api-journeys' },
    'PUT /journeys/{name}/pause': { auth: 'AWS_IAM', fn: 'api-journeys' },
    'DELETE /journeys/{name}/pause': { auth: 'AWS_IAM', fn: 'api-journeys' },
    'POST /journeys/{name}/stop': { auth: 'AWS_IAM', fn: 'api-journeys' },
    'GET /freeze': { auth: 'AWS_IAM', fn: 'api-journeys' },
    'PUT /freeze': { auth: 'AWS_IAM', fn: 'api-journeys' },
    'DELETE /freeze': { auth: 'AWS_IAM', fn: 'api-journeys' },
    'GET /unsubscribe': { auth: 'NONE', fn: 'api-unsubscribe' },
    'POST /unsubscribe': { auth: 'NONE', fn: 'api-unsubscribe' },
    'GET /dlq': { auth: 'AWS_IAM', fn: 'api-dlq' },
    'POST /dlq/replay': { auth: 'AWS_IAM', fn: 'api-dlq' },
    'GET /experiments': { auth: 'AWS_IAM', fn: 'api-experiments' },
    'GET /experiments/{id}': { auth: 'AWS_IAM', fn: 'api-experiments' },
  };

  const pathOf = (resourceId: unknown): string => {
    const ref = dig(resourceId, 'Ref');
    if (typeof ref !== 'string') return ''; // the root resource (Fn::GetAtt RootResourceId)
    const resource = json.Resources[ref];
    return `${pathOf(dig(resource, 'Properties', 'ParentId'))}/${String(dig(resource, 'Properties', 'PathPart'))}`;
  };

  it('serves exactly the contract routes, IAM-authorized except the public ones, each on its function', () => {
    const actual: Record<string, { auth: string; fn: string }> = {};
    for (const [, method] of ofType('AWS::ApiGateway::Method')) {
      const key = `${String(dig(method, 'Properties', 'HttpMethod'))} ${pathOf(dig(method, 'Properties', 'ResourceId'))}`;
      const uri = flat(dig(method, 'Properties', 'Integration', 'Uri'));
      const fn = FUNCTION_NAMES.find((name) => uri.includes(`<${functionLogicalId(json, name)}.Arn>`)) ?? uri;
      actual[key] = { auth: String(dig(method, 'Properties', 'AuthorizationType')), fn };
    }
    expect(actual).toEqual(EXPECTED);
  });

  it('validates requests, logs access, traces and throttles', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingRateLimit: Match.anyValue() }),
      ]),
    });
    const accessFormat = String(dig(ofType('AWS::ApiGateway::Stage')[0]![1], 'Properties', 'AccessLogSetting', 'Format'));
    expect(accessFormat).not.toContain('sourceIp');
  });

  const roleResources = (idPart: string) => {
    const roles = ofType('AWS::IAM::Role').filter(([id]) => id.includes(idPart));
    expect(roles).toHaveLength(1);
    const statements = roleStatements(json, roles[0]![0]);
    expect(new Set(actionsOf(statements))).toEqual(new Set(['execute-api:Invoke']));
    return statements.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource])).map(flat);
  };

  const LIFECYCLE_ROUTES = ['GET/journeys', 'GET/journeys/*', 'PUT/journeys/*/routing', 'PUT/journeys/*/pause', 'DELETE/journeys/*/pause', 'POST/journeys/*/stop', 'GET/freeze', 'PUT/freeze', 'DELETE/freeze'];

  it('the on-call role may invoke the crisis and journey lifecycle routes and nothing else', () => {
    const resources = roleResources('OnCallRole');
    expect(resources.map((r) => r.split('/').slice(2).join('/')).sort()).toEqual(
      ['DELETE/crisis', 'GET/crisis', 'GET/crisis/audit', 'POST/crisis/replay', 'PUT/crisis', ...LIFECYCLE_ROUTES].sort(),
    );
  });

  it('the crisis function knows the on-call role by its ARN (compared exactly, not by name)', () => {
    const [roleId] = ofType('AWS::IAM::Role').find(([id]) => id.includes('OnCallRole'))!;
    const variables = dig(json.Resources[functionLogicalId(json, 'api-crisis')], 'Properties', 'Environment', 'Variables') as Record<string, unknown>;
    expect(variables.ONCALL_ROLE_ARN).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  it('the ops role may invoke the other IAM routes but not change the crisis', () => {
    const resources = roleResources('OpsRole').map((r) => r.split('/').slice(2).join('/'));
    expect(resources.sort()).toEqual(
      ['DELETE/profiles/*', 'GET/crisis', 'GET/dlq', 'GET/executions', 'GET/experiments', 'GET/experiments/*', 'GET/messages', 'GET/profiles/*', 'POST/dlq/replay', 'POST/events', 'PUT/profiles/*', ...LIFECYCLE_ROUTES].sort(),
    );
  });
});

describe('WAF (journeys:waf, default on)', () => {
  it('a regional web ACL on the API stage limits each client IP on the public routes, answering 429', () => {
    const acls = ofType('AWS::WAFv2::WebACL');
    expect(acls).toHaveLength(1);
    const [aclId, acl] = acls[0]!;
    expect(dig(acl, 'Properties', 'Scope')).toBe('REGIONAL');
    expect(dig(acl, 'Properties', 'DefaultAction')).toEqual({ Allow: {} });
    const rules = dig(acl, 'Properties', 'Rules') as unknown[];
    expect(rules).toHaveLength(1);
    expect(dig(rules[0], 'Action', 'Block', 'CustomResponse', 'ResponseCode')).toBe(429);
    const rate = dig(rules[0], 'Statement', 'RateBasedStatement');
    expect(dig(rate, 'Limit')).toBe(300);
    expect(dig(rate, 'EvaluationWindowSec')).toBe(60);
    expect(dig(rate, 'AggregateKeyType')).toBe('IP');
    const prefixes = (dig(rate, 'ScopeDownStatement', 'OrStatement', 'Statements') as unknown[]).map((st) => dig(st, 'ByteMatchStatement', 'SearchString'));
    expect(prefixes).toEqual(['/health', '/status', '/surveys/', '/unsubscribe']);

    const [, association] = ofType('AWS::WAFv2::WebACLAssociation')[0]!;
    expect(dig(association, 'Properties', 'WebACLArn')).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    const [stageId] = ofType('AWS::ApiGateway::Stage')[0]!;
    expect(JSON.stringify(dig(association, 'Properties', 'ResourceArn'))).toContain(`{"Ref":"${stageId}"}`);
  });

  it('-c journeys:waf=false leaves it out, cdk-nag still clean (APIG3 acknowledged with the reason)', () => {
    const off = synthesize({ 'journeys:waf': 'false' });
    expect(Object.values(off.json.Resources).filter((r) => r.Type.startsWith('AWS::WAFv2::'))).toEqual([]);
    expect(off.nag.validateScope(off.app).violations).toEqual([]);
  });
});

describe('IAM', () => {
  it('grants no wildcard action anywhere (no "*", no "dynamodb:*")', () => {
    const actions = actionsOf(allStatements(json).filter((st) => st.Effect === 'Allow'));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('attaches no AWS managed policy to function or state machine roles', () => {
    for (const [id, role] of ofType('AWS::IAM::Role')) {
      if (id.includes('CloudWatchRole')) continue; // API Gateway's account-level logging role (acknowledged in cdk-nag)
      expect(dig(role, 'Properties', 'ManagedPolicyArns'), id).toBeUndefined();
    }
  });

  type Capability = 'tableRead' | 'tableWrite' | 'sendEmail' | 'publishSns' | 'putEvents' | 'startExecutions' | 'taskCallbacks' | 'readExecutions' | 'stopExecutions' | 'manageJourneys' | 'linkSecret';
  const CAPABILITY_ACTIONS: Record<Capability, RegExp> = {
    tableRead: /^dynamodb:(GetItem|Query|BatchGetItem)$/,
    tableWrite: /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/,
    sendEmail: /^ses:SendEmail$/,
    publishSns: /^sns:Publish$/,
    putEvents: /^events:PutEvents$/,
    startExecutions: /^states:StartExecution$/,
    taskCallbacks: /^states:SendTask(Success|Failure|Heartbeat)$/,
    readExecutions: /^states:(DescribeExecution|GetExecutionHistory)$/,
    stopExecutions: /^states:StopExecution$/,
    manageJourneys: /^states:(ListStateMachineVersions|ListExecutions|DescribeStateMachineAlias|UpdateStateMachineAlias)$/,
    linkSecret: /^secretsmanager:(GetSecretValue|DescribeSecret)$/,
  };
  /** Besides the catalog's access: logs to its own log group, traces, its async dead-letter queue. */
  const ALWAYS_ALLOWED = /^(logs:(CreateLogStream|PutLogEvents)|xray:(PutTraceSegments|PutTelemetryRecords)|sqs:SendMessage)$/;

  it.each(FUNCTION_NAMES)('%s gets exactly the access of its catalog entry', (name) => {
    const access: FunctionAccess = FUNCTIONS[name].access;
    const statements = roleStatements(json, functionRole(json, functionLogicalId(json, name))).filter((st) => st.Effect === 'Allow');
    const actions = actionsOf(statements);
    const has = (capability: Capability) => actions.some((a) => CAPABILITY_ACTIONS[capability].test(a));

    if (NARROW_TABLE_ACCESS[name] === undefined) {
      expect(has('tableRead'), 'table read').toBe(access.table !== undefined);
      expect(has('tableWrite'), 'table write').toBe(access.table === 'readwrite');
    }
    for (const capability of ['sendEmail', 'publishSns', 'putEvents', 'startExecutions', 'taskCallbacks', 'readExecutions', 'linkSecret'] as const) {
      expect(has(capability), capability).toBe(access[capability] === true);
    }
    // Erasure stops a customer's executions; the lifecycle stops a journey's.
    expect(has('stopExecutions'), 'stopExecutions').toBe(access.stopExecutions === true || access.manageJourneys === true);
    // ListExecutions is both the executions reader's and the lifecycle's.
    expect(has('manageJourneys'), 'manageJourneys').toBe(access.manageJourneys === true || access.readExecutions === true);
    expect(actions.some((a) => /^states:(ListStateMachineVersions|UpdateStateMachineAlias)$/.test(a)), 'lifecycle').toBe(access.manageJourneys === true);
    const unexplained = actions.filter((a) => !ALWAYS_ALLOWED.test(a) && !Object.values(CAPABILITY_ACTIONS).some((re) => re.test(a)) && !/^dynamodb:/.test(a));
    expect(unexplained).toEqual([]);
  });

  it('read-only functions cannot write the table, and only the senders can send', () => {
    const actionsFor = (name: string) => actionsOf(roleStatements(json, functionRole(json, functionLogicalId(json, name))));
    expect(actionsFor('api-messages')).not.toContain('dynamodb:PutItem');
    expect(actionsFor('api-messages')).toContain('dynamodb:Query');
    expect(actionsFor('customer-status')).not.toContain('ses:SendEmail');
    expect(actionsFor('customer-status')).not.toContain('sns:Publish');
    expect(actionsFor('deliver-message')).toContain('ses:SendEmail');
  });

  it('no function may Scan the table (nothing scans it)', () => {
    for (const name of FUNCTION_NAMES) {
      expect(actionsOf(roleStatements(json, functionRole(json, functionLogicalId(json, name)))), name).not.toContain('dynamodb:Scan');
    }
  });

  const tableStatements = (name: string) =>
    roleStatements(json, functionRole(json, functionLogicalId(json, name))).filter((st) => st.Effect === 'Allow' && actionsOf([st]).some((a) => a.startsWith('dynamodb:')));

  it('the public routes and the status banner touch only the partitions their code needs, without BatchWriteItem', () => {
    const grants = (name: string) =>
      tableStatements(name).map((st) => [
        [...actionsOf([st])].sort(),
        flat(st.Resource),
        (st as { Condition?: Record<string, Record<string, string[]>> }).Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'],
      ]);
    const table = (r: string) => r.replace(/<(\w+)\.Arn>/, '<Table.Arn>');
    const normalise = (name: string) => grants(name).map(([actions, resource, keys]) => [actions, table(resource as string), keys]);
    expect(normalise('api-unsubscribe')).toEqual([[['dynamodb:GetItem', 'dynamodb:UpdateItem'], '<Table.Arn>', ['CUSTOMER#*']]]);
    expect(normalise('api-surveys')).toEqual([
      [['dynamodb:GetItem', 'dynamodb:UpdateItem'], '<Table.Arn>', ['SURVEY#*']],
      [['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query'], '<Table.Arn>', ['CUSTOMER#*']],
    ]);
    expect(normalise('api-status')).toEqual([[['dynamodb:PutItem', 'dynamodb:Query'], '<Table.Arn>', ['CRISIS']]]);
  });

  it('sns:Publish on "*" only for the senders of SMS (the journeys, the broadcast, the parked-message replay) (a phone number has no ARN)', () => {
    const publishers = FUNCTION_NAMES.filter((name) => actionsOf(roleStatements(json, functionRole(json, functionLogicalId(json, name)))).includes('sns:Publish'));
    expect(publishers.sort()).toEqual(['api-dlq', 'crisis-broadcast', 'deliver-message']);
  });

  it('the topic key lets AWS services use it only for this account', () => {
    const [, key] = ofType('AWS::KMS::Key')[0]!;
    const statements = dig(key, 'Properties', 'KeyPolicy', 'Statement') as { Principal?: { Service?: unknown }; Condition?: unknown }[];
    const services = statements.filter((st) => st.Principal?.Service !== undefined);
    // SES (bounce/complaint notifications), End User Messaging SMS and CloudWatch (alarms) publish to the topics.
    expect(services.map((st) => st.Principal?.Service)).toEqual([['cloudwatch.amazonaws.com', 'ses.amazonaws.com', 'sms-voice.amazonaws.com']]);
    for (const st of services) expect(st.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
  });

  it('erasure may stop executions (api-profiles) and forget route-event\'s idempotency records; besides it only the journey lifecycle may stop one', () => {
    const actionsFor = (name: string) => actionsOf(roleStatements(json, functionRole(json, functionLogicalId(json, name))));
    expect(actionsFor('api-profiles')).toContain('states:StopExecution');
    expect(actionsFor('api-profiles')).toContain('dynamodb:DeleteItem');
    const stoppers = FUNCTION_NAMES.filter((name) => actionsFor(name).includes('states:StopExecution'));
    expect(stoppers.sort()).toEqual(['api-journeys', 'api-profiles']);
    const profilesStatements = roleStatements(json, functionRole(json, functionLogicalId(json, 'api-profiles')));
    const stopResources = profilesStatements.filter((st) => actionsOf([st]).includes('states:StopExecution')).flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource])).map(flat);
    // The executions of each of the four journeys, nothing else.
    expect(stopResources.map((r) => /Journey(\w+?)StateMachine/.exec(r)?.[1]).sort()).toEqual(['crisis', 'incident', 'onboarding', 'postresolution']);
    expect(stopResources.filter((r) => !/:states:<AWS::Region>:<AWS::AccountId>:execution:.*:\*$/.test(r))).toEqual([]);
  });

  it('scopes SES sending to the sender identity and the journeys configuration set', () => {
    const statements = roleStatements(json, functionRole(json, functionLogicalId(json, 'deliver-message'))).filter((st) => actionsOf([st]).includes('ses:SendEmail'));
    const resources = statements.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource])).map(flat);
    expect(resources.some((r) => r.endsWith(':configuration-set/journeys'))).toBe(true);
    expect(resources.every((r) => /:(identity\/[^*]+|configuration-set\/journeys)$/.test(r))).toBe(true);
  });

  it('functions the state machines invoke know no state machine ARN (no dependency cycle)', () => {
    // The definitions name published versions of the functions (infra/constructs/journey.ts).
    const versionsOf = (fnId: string) => ofType('AWS::Lambda::Version').filter(([, v]) => dig(v, 'Properties', 'FunctionName', 'Ref') === fnId).map(([id]) => id);
    const invokedByStateMachines = new Set(
      ofType('AWS::StepFunctions::StateMachine').flatMap(([, m]) =>
        FUNCTION_NAMES.filter((name) => {
          const definition = JSON.stringify(dig(m, 'Properties', 'DefinitionString'));
          const fnId = functionLogicalId(json, name);
          return [fnId, ...versionsOf(fnId)].some((id) => definition.includes(`"${id}"`));
        }),
      ),
    );
    expect(invokedByStateMachines.size).toBe(8);
    for (const name of invokedByStateMachines) {
      const variables = Object.keys((dig(json.Resources[functionLogicalId(json, name)], 'Properties', 'Environment', 'Variables') ?? {}) as object);
      expect(variables.filter((v) => v.startsWith('STATE_MACHINE_ARN_')), name).toEqual([]);
    }
    const routeEventVariables = dig(json.Resources[functionLogicalId(json, 'route-event')], 'Properties', 'Environment', 'Variables') as Record<string, unknown>;
    expect(Object.keys(routeEventVariables)).toEqual(
      expect.arrayContaining(['STATE_MACHINE_ARN_ONBOARDING', 'STATE_MACHINE_ARN_INCIDENT', 'STATE_MACHINE_ARN_POST_RESOLUTION']),
    );
  });
});

describe('functions', () => {
  it('one function per catalog entry: Node.js 24 on arm64, traced, JSON logs to its own log group, Powertools settings', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const name of FUNCTION_NAMES) {
      const fn = json.Resources[functionLogicalId(json, name)]!;
      expect(dig(fn, 'Properties', 'Runtime')).toBe('nodejs24.x');
      expect(dig(fn, 'Properties', 'Architectures')).toEqual(['arm64']);
      expect(dig(fn, 'Properties', 'TracingConfig', 'Mode')).toBe('Active');
      expect(dig(fn, 'Properties', 'LoggingConfig', 'LogFormat')).toBe('JSON');
      expect(dig(fn, 'Properties', 'LoggingConfig', 'LogGroup')).toBeDefined();
      expect(dig(fn, 'Properties', 'Timeout')).toBe(FUNCTIONS[name].timeoutSeconds);
      expect(dig(fn, 'Properties', 'MemorySize')).toBe(FUNCTIONS[name].memoryMb);
      expect(dig(fn, 'Properties', 'Environment', 'Variables')).toMatchObject({
        JOURNEYS_FUNCTION: name,
        POWERTOOLS_SERVICE_NAME: 'journeys',
        POWERTOOLS_METRICS_NAMESPACE: 'Journeys',
        TABLE_NAME: expect.anything(),
        EVENT_BUS_NAME: expect.anything(),
        SES_CONFIGURATION_SET: 'journeys',
      });
      expect(dig(fn, 'Properties', 'Tags')).toEqual(expect.arrayContaining([{ Key: 'journeys:function', Value: name }]));
    }
    for (const [, group] of ofType('AWS::Logs::LogGroup')) expect(dig(group, 'Properties', 'RetentionInDays')).toBe(30);
  });

  it('no policy override by default: no JOURNEYS_POLICY anywhere', () => {
    for (const name of FUNCTION_NAMES) {
      expect(dig(json.Resources[functionLogicalId(json, name)], 'Properties', 'Environment', 'Variables', 'JOURNEYS_POLICY')).toBeUndefined();
    }
  });

  it('a journeys:policy override (JSON text or a file) reaches every function as JOURNEYS_POLICY, validated', () => {
    const override = { quietHours: { start: '22:00', end: '07:00' }, frequencyCaps: [{ max: 2, windowHours: 48 }] };
    const file = join(mkdtempSync(join(tmpdir(), 'journeys-policy-')), 'policy.json');
    writeFileSync(file, JSON.stringify(override));
    for (const given of [JSON.stringify(override), file, override]) {
      const synthesized = synthesize({ [CONTEXT.policy]: given }).json;
      for (const name of FUNCTION_NAMES) {
        const variable = dig(synthesized.Resources[functionLogicalId(synthesized, name)], 'Properties', 'Environment', 'Variables', 'JOURNEYS_POLICY');
        expect(JSON.parse(variable as string)).toEqual(override);
      }
    }
    expect(() => synthesize({ [CONTEXT.policy]: '{"quietHours":{"start":"21:00","end":"8:00"}}' })).toThrow(
      'invalid policy override (context journeys:policy): quietHours.end: must be HH:MM in 24-hour time',
    );
    expect(() => synthesize({ [CONTEXT.policy]: { frequencyCap: [] } })).toThrow('invalid policy override (context journeys:policy): frequencyCap: unknown field');
  }, 300_000);
});

describe('delivery feedback', () => {
  it('SES configuration set journeys publishes bounces, complaints, rejects and deliveries to a topic delivery-feedback reads', () => {
    s.template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'journeys' });
    s.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint', 'reject', 'delivery']),
        SnsDestination: Match.anyValue(),
      }),
    });
    const feedback = functionLogicalId(json, 'delivery-feedback');
    const subscriptions = ofType('AWS::SNS::Subscription');
    expect(subscriptions).toHaveLength(2);
    for (const [, sub] of subscriptions) {
      expect(dig(sub, 'Properties', 'Protocol')).toBe('lambda');
      expect(dig(sub, 'Properties', 'Endpoint', 'Fn::GetAtt', 0)).toBe(feedback);
      expect(dig(sub, 'Properties', 'RedrivePolicy', 'deadLetterTargetArn')).toBeDefined();
    }
    for (const [, topic] of ofType('AWS::SNS::Topic')) expect(dig(topic, 'Properties', 'KmsMasterKeyId')).toBeDefined();
  });
});

describe('alarms and dashboard', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a);

  it('alarms on every dead-letter queue, failed executions of every journey, send failures and every function', () => {
    const queues = ofType('AWS::SQS::Queue').map(([id]) => id);
    for (const queue of queues) {
      expect(
        alarms().some((a) => dig(a, 'Properties', 'MetricName') === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(dig(a, 'Properties', 'Dimensions')).includes(`"${queue}"`)),
        queue,
      ).toBe(true);
    }
    for (const [id] of ofType('AWS::StepFunctions::StateMachine')) {
      expect(alarms().some((a) => dig(a, 'Properties', 'MetricName') === 'ExecutionsFailed' && JSON.stringify(dig(a, 'Properties', 'Dimensions')).includes(`"${id}"`)), id).toBe(true);
    }
    const metrics = (a: unknown) => JSON.stringify(dig(a, 'Properties', 'Metrics') ?? null);
    expect(alarms().some((a) => metrics(a).includes('SELECT SUM(SendFailed) FROM Journeys'))).toBe(true);
    // A parked message pages: the runbook (docs/operations.md) says to list and replay it through the API.
    const parked = alarms().filter((a) => metrics(a).includes('SELECT SUM(MessagesParked) FROM Journeys'));
    expect(parked).toHaveLength(1);
    expect(String(dig(parked[0], 'Properties', 'AlarmDescription'))).toContain('journeys dlq replay --endpoint');
    for (const name of FUNCTION_NAMES) {
      const id = functionLogicalId(json, name);
      if (name === 'deliver-message' || name === 'customer-status') {
        // Their step signals (Message.Deferred, Journey.Exited) are function errors by design: subtracted, never paged.
        const alarm = alarms().find((a) => (JSON.stringify(dig(a, 'Properties', 'Metrics')) ?? '').includes(`"${id}"`));
        expect(JSON.stringify(dig(alarm, 'Properties', 'Metrics')), name).toMatch(/"Expression":"errors(\d+) - FILL\(signals\1, 0\)"/);
        expect(JSON.stringify(dig(alarm, 'Properties', 'Metrics')), name).toContain('"MetricName":"StepSignals"');
        continue;
      }
      expect(alarms().some((a) => dig(a, 'Properties', 'MetricName') === 'Errors' && JSON.stringify(dig(a, 'Properties', 'Dimensions')).includes(`"${id}"`)), name).toBe(true);
    }
    expect(alarms().some((a) => metrics(a).includes('SELECT SUM(MessagesParked) FROM Journeys'))).toBe(true);
    expect(alarms()).toHaveLength(queues.length + 4 + 2 + FUNCTION_NAMES.length);
    const topics = ofType('AWS::SNS::Topic').map(([id]) => id);
    for (const alarm of alarms()) {
      const actions = dig(alarm, 'Properties', 'AlarmActions') as { Ref: string }[];
      expect(actions.length).toBe(1);
      expect(topics).toContain(actions[0]!.Ref);
    }
  });

  it('a dashboard whose function errors leave out the step signals, as the alarms do', () => {
    s.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(dig(ofType('AWS::CloudWatch::Dashboard')[0]?.[1], 'Properties', 'DashboardBody'));
    const widget = body.slice(body.indexOf('Function errors (step signals not counted)'));
    for (const name of ['deliver-message', 'customer-status'] as const) {
      const index = FUNCTION_NAMES.indexOf(name);
      expect(widget, name).toContain(`errors${index} - FILL(signals${index}, 0)`);
    }
    // Every function has its line, under its own name.
    for (const name of FUNCTION_NAMES) expect(widget, name).toContain(`\\"label\\":\\"${name}\\"`);
  });
});

describe('cdk-nag (AWS Solutions)', () => {
  it('reports no unacknowledged finding, error or warning', () => {
    // cdk-nag 3 is a policy validation plugin: Template.fromStack would already have thrown on an error; this also
    // catches warnings, and checks the pack really ran against the tree.
    const report = s.nag.validateScope(s.app);
    expect(report.violations.map((v) => `${v.ruleName} (${v.severity}): ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
    // v2-style annotations (the plugin emits none in v3, so this holds trivially, and keeps holding if it ever does).
    expect(Annotations.fromStack(s.stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('every acknowledgement carries a specific written reason', () => {
    const reasons: [string, string][] = [];
    for (const node of s.app.node.findAll()) {
      for (const entry of node.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) reasons.push([id, reason]);
      }
    }
    expect(reasons.length).toBeGreaterThan(10);
    for (const [id, reason] of reasons) {
      expect(id).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(reason.length, id).toBeGreaterThan(60);
    }
  });

  it('still finds problems: a wildcard without a written justification is an error', () => {
    const { app, stack, nag } = createJourneysApp({ context: { ...cdkJsonContext(), 'journeys:bundling': 'false' } });
    const role = new iam.Role(stack, 'Unjustified', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    acknowledgeJustifiedWildcards(stack);
    const report = nag!.validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.severity} ${v.violatingResources.map((r) => r.constructPath).join()}`)).toEqual([
      'AwsSolutions-IAM5[Resource::*] error Journeys/Unjustified/DefaultPolicy/Resource',
    ]);
  });
});

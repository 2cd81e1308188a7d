/**
 * The `journeys` event bus and one rule per route of contracts/routes.ts: a `start` route starts a journey, a
 * `signal` route wakes journeys waiting on the event, an `apply` route only updates the profile. Event sources
 * put events with `detail-type` = the event type and `detail` = the envelope (any `source`). Each rule targets
 * route-event with `{ routeId, event }` (RouteEventInput in contracts/routes.ts), its own retry policy and its
 * own dead-letter queue.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ROUTES, routeId, type Route } from '../../contracts/routes';
import { deadLetterQueue, type NamedQueue } from './dead-letter-queue';

export const EVENT_BUS_NAME = 'journeys';

export interface JourneysBusProps {
  readonly routeEvent: lambda.IFunction;
}

export interface RouteRule {
  readonly route: Route;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
}

export class JourneysBus extends Construct {
  readonly bus: events.EventBus;
  readonly rules: RouteRule[] = [];

  constructor(scope: Construct, id: string, props: JourneysBusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: EVENT_BUS_NAME, description: 'Journeys: events that start or advance journeys' });

    for (const route of ROUTES) {
      const id = routeId(route);
      const rule = new events.Rule(this, id, {
        eventBus: this.bus,
        description: `Route ${id} (contracts/routes.ts)`,
        eventPattern: { detailType: [route.eventType] },
      });
      const dlq = deadLetterQueue(this, `${id} DLQ`, `events the ${id} rule could not deliver to route-event`);
      rule.addTarget(
        new targets.LambdaFunction(props.routeEvent, {
          event: events.RuleTargetInput.fromObject({ routeId: id, event: events.EventField.fromPath('$.detail') }),
          deadLetterQueue: dlq,
          retryAttempts: 20,
          maxEventAge: Duration.hours(6),
        }),
      );
      this.rules.push({ route, rule, deadLetterQueue: dlq });
    }
  }

  get deadLetterQueues(): NamedQueue[] {
    return this.rules.map((r) => ({ name: routeId(r.route), queue: r.deadLetterQueue }));
  }
}

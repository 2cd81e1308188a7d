/**
 * Every Lambda function Journeys deploys, in one place: the CDK stack creates a NodejsFunction per entry and
 * grants exactly the access listed; the local runtime maps each function's ARN in the synthesized state
 * machines back to the same handler module. Add a function here, and both sides know it.
 */
import type { JourneyName } from '../functions/domain/model/primitives';

export interface FunctionAccess {
  /** The journeys table: read, or read and write. */
  table?: 'read' | 'readwrite';
  /** SES v2 SendEmail through the configuration set. */
  sendEmail?: boolean;
  /** SNS Publish to phone numbers and platform endpoints. */
  publishSns?: boolean;
  /** PutEvents on the journeys bus. */
  putEvents?: boolean;
  /** StartExecution on the journey state machines. */
  startExecutions?: boolean;
  /** SendTaskSuccess/Failure/Heartbeat on the journey state machines. */
  taskCallbacks?: boolean;
  /** List/Describe executions (ops API). */
  readExecutions?: boolean;
  /** StopExecution on the journey state machines (erasure stops a customer's journeys). */
  stopExecutions?: boolean;
  /** The journey lifecycle: list versions, read and update the alias `live`, list and stop executions. */
  manageJourneys?: boolean;
  /** The Powertools idempotency table (records of handled events). */
  idempotency?: boolean;
  /** The secret that signs unsubscribe and survey links. */
  linkSecret?: boolean;
}

export interface FunctionSpec {
  /** Module path from the repository root; it exports `handler`. */
  entry: string;
  description: string;
  access: FunctionAccess;
  /** Seconds; Lambda's default of 3 is too short for SDK retries. */
  timeoutSeconds: number;
  memoryMb: number;
}

const spec = (entry: string, description: string, access: FunctionAccess, timeoutSeconds = 10, memoryMb = 512): FunctionSpec => ({
  entry: `functions/handlers/${entry}.ts`,
  description,
  access,
  timeoutSeconds,
  memoryMb,
});

export const FUNCTIONS = {
  // Journey tasks (invoked by the state machines).
  'deliver-message': spec('deliver-message', 'Decides and sends one message in one invocation; only deferrals return to the journey', { table: 'readwrite', sendEmail: true, publishSns: true, linkSecret: true }, 20),
  'customer-status': spec('customer-status', 'Reads lifecycle and exit conditions for a journey step', { table: 'read' }),
  'marketing-suppression': spec('marketing-suppression', 'Adds or lifts a marketing suppression (open incident, detractor cool-down)', { table: 'readwrite' }),
  'wait-for-event': spec('wait-for-event', 'Parks a task token until a matching event or answer arrives', { table: 'readwrite', taskCallbacks: true }),
  'close-survey': spec('close-survey', 'Closes an unanswered survey when the post-resolution journey stops waiting', { table: 'readwrite', linkSecret: true }),
  'next-best-action': spec('next-best-action', 'Chooses the follow-up a survey answer deserves: compensation, help, thanks or a review ask', {}),
  'flag-follow-up': spec('flag-follow-up', 'Flags a detractor for human follow-up', { table: 'readwrite', putEvents: true }),
  'crisis-broadcast': spec('crisis-broadcast', 'Broadcasts a crisis message version to the affected audience', { table: 'readwrite', sendEmail: true, publishSns: true, linkSecret: true, putEvents: true }, 900, 1024),
  // Event routing (EventBridge rule targets).
  'route-event': spec('route-event', 'Starts journeys and wakes waiting ones for an event on the bus', { table: 'readwrite', startExecutions: true, taskCallbacks: true, idempotency: true }, 30),
  // HTTP API (API Gateway).
  'api-health': spec('api-health', 'GET /health: liveness and the clock', {}, 3, 128),
  'api-profiles': spec('api-profiles', 'PUT/GET/DELETE /profiles/{customerId}', { table: 'readwrite', stopExecutions: true, idempotency: true }),
  'api-events': spec('api-events', 'POST /events: validates, de-duplicates and puts events on the bus', { table: 'readwrite', putEvents: true }, 30),
  'api-crisis': spec('api-crisis', 'GET/PUT/DELETE /crisis for on-call staff', { table: 'readwrite', startExecutions: true, taskCallbacks: true }),
  'api-status': spec('api-status', 'GET /status: the public status banner', { table: 'read' }),
  'api-surveys': spec('api-surveys', 'POST /surveys/{token}: records an answer and wakes the journey', { table: 'readwrite', taskCallbacks: true }),
  'api-messages': spec('api-messages', 'GET /messages: decisions with reasons for a customer', { table: 'read' }),
  'api-journeys': spec('api-journeys', 'GET /journeys, routing, pause, resume and stop of live journeys, and the marketing freeze (ops, on-call)', { table: 'readwrite', startExecutions: true, manageJourneys: true, taskCallbacks: true }, 30),
  'api-executions': spec('api-executions', 'GET /executions: a customer journey executions', { table: 'read', readExecutions: true }),
  'api-dlq': spec('api-dlq', 'GET /dlq, POST /dlq/replay: parked message sends, listed and replayed (ops)', { table: 'readwrite', sendEmail: true, publishSns: true, linkSecret: true }, 60),
  'api-unsubscribe': spec('api-unsubscribe', 'One-click unsubscribe (RFC 8058) from a signed link', { table: 'readwrite', linkSecret: true }),
  // Scheduled (every minute).
  'journey-lifecycle': spec('journey-lifecycle', 'Ends pauses and the marketing freeze at their until: starts queued entries, wakes held messages', { table: 'readwrite', startExecutions: true, taskCallbacks: true }, 60),
  'api-experiments': spec('api-experiments', 'GET /experiments: variants, conversions, chance to beat the baseline, control-group lift', { table: 'read' }),
  // Provider feedback.
  'delivery-feedback': spec('delivery-feedback', 'Turns SES bounces/complaints and SMS opt-outs into suppressions', { table: 'readwrite' }),
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/**
 * The environment variable that carries a journey's state machine ARN to the functions that start or read its
 * executions (`STATE_MACHINE_ARN_POST_RESOLUTION` for `post-resolution`): set by the stack and the local runtime.
 */
export function stateMachineArnVariable(journey: JourneyName): string {
  return `STATE_MACHINE_ARN_${journey.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

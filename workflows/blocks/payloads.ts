/**
 * The payload contracts between the journey state machines and the Lambda handlers they invoke.
 *
 * The state machines (workflows/*.ts) build exactly these inputs with `Parameters` and store the handlers'
 * results at the `ResultPath` named on each interface; the handlers (functions/handlers/*.ts) validate their
 * input against them and return exactly the result shape. Every task uses `payloadResponseOnly`, so in the cloud
 * and on the local runtime a handler's return value IS the task result (no `{Payload, StatusCode}` envelope).
 *
 * Type-only: importing this module from a handler adds nothing to its bundle.
 */
import type { Category, Channel, Compensation, Decision, FollowUp, IncidentSeverity, JourneyEvent, JourneyName, TemplateKey, Topic, Urgency } from '../../functions/domain';

/** A template variable value, as the decision engine and the renderer accept them. */
export type TemplateVarValue = string | number | boolean | null;

// ---------------------------------------------------------------------------------------------------------------
// evaluate-message — first task of every message step. Result at `$.decision`.
// ---------------------------------------------------------------------------------------------------------------

export interface EvaluateMessageInput {
  /** `$$.Execution.Id`: with `message.step` it derives the message id, so a re-evaluation is the same message. */
  executionId: string;
  message: {
    customerId: string;
    journey: JourneyName;
    /**
     * Unique per message within an execution (`welcome`, `tip-2`, `incident-update-3`…). Looping journeys put the
     * loop counter in it, so every loop iteration is a new message while retries of one iteration are not.
     */
    step: string;
    topic: Topic;
    category: Category;
    urgency: Urgency;
    template: TemplateKey;
    vars: Record<string, TemplateVarValue>;
  };
}

/**
 * The decision (functions/domain/model/message.ts). The state machine reads:
 * - `outcome`: `sent` = cleared to send on `channel` → send-message; `deferred` → Wait until `sendAt`, then
 *   evaluate again; `suppressed` / `failed` → the step ends (never an error).
 * - `sendAt`: required when `outcome` is `deferred` (ISO 8601 with offset; a Wait state's TimestampPath).
 */
export type EvaluateMessageResult = Decision;

// ---------------------------------------------------------------------------------------------------------------
// send-message — only after `outcome: 'sent'`. Result at `$.delivery`.
// ---------------------------------------------------------------------------------------------------------------

export interface SendMessageInput {
  executionId: string;
  /** The decision evaluate-message just returned (`$.decision`). */
  decision: Decision;
  /** The same template variables the evaluation saw. */
  vars: Record<string, TemplateVarValue>;
}

export interface SendMessageResult {
  /**
   * - `sent`: the provider accepted it (`providerMessageId` set);
   * - `fallback`: this channel failed for good (unreachable address, provider refusal); the handler has recorded
   *   the channel as failed for this message, and the state machine evaluates again to pick the next channel;
   * - `failed`: nothing more can be done for this message; the step ends.
   */
  status: 'sent' | 'fallback' | 'failed';
  channel: Channel | null;
  providerMessageId?: string;
}

/**
 * The function dying, timing out or being throttled, and DynamoDB throttling past the SDK's own retries: transient
 * for any task whose re-run is safe. The send step retries these and the provider's retryable errors; the park
 * step (deliver-step.ts) only these.
 *
 * Error names the send task retries (2 s, ×2 backoff, 6 attempts, full jitter). The handler throws an Error whose
 * `name` is `ProviderRetryableError` on throttling and transient provider errors; any other error is caught by
 * the step (recorded at `$.sendError`) and the journey moves on.
 * Also retried: the function dying or timing out (`Runtime.ExitError`, `Sandbox.Timedout`, and `Lambda.Unknown`,
 * the older name of both) and DynamoDB throttling past the SDK's own retries — transient, and safe to run again:
 * the send claim (SEND#<messageId>) makes a re-run after the provider accepted return the recorded send.
 */
export const TRANSIENT_INVOCATION_ERRORS = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Sandbox.Timedout',
  'Runtime.ExitError',
  'Lambda.Unknown',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
] as const;

export const SEND_RETRYABLE_ERRORS = ['ProviderRetryableError', ...TRANSIENT_INVOCATION_ERRORS] as const;

// ---------------------------------------------------------------------------------------------------------------
// deliver-message — the one-task message step (deliverStep): evaluate + send (+ fallbacks) in one invocation.
// Result at `$.delivery`.
// ---------------------------------------------------------------------------------------------------------------

export interface DeliverMessageInput extends EvaluateMessageInput {
  /** Evaluations already made for this message (`$.delivery.attempt` after a deferral); absent on the first call. */
  attempt?: number;
  /** Evaluations per message before the step stops deferring or falling back (default 10). */
  maxAttempts?: number;
}

export interface DeliverMessageResult {
  /** `sent`; `deferred` → Wait until `sendAt`, then deliver again; `suppressed` / `failed` → the step ends. */
  outcome: Decision['outcome'];
  messageId: string;
  channel: Channel | null;
  sendAt?: string;
  delivery?: SendMessageResult;
  /** Evaluations made so far for this message, for the step's bound. */
  attempt: number;
  reasons: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// customer-status — exit checks. Result at `$.status`.
// ---------------------------------------------------------------------------------------------------------------

export interface CustomerStatusInput {
  customerId: string;
}

export interface CustomerStatusResult {
  exists: boolean;
  lifecycle: string | null;
  activated: boolean;
  churned: boolean;
  onboardingOptedOut: boolean;
  /** The journey must stop here (erased, churned, opted out of onboarding…). Always present. */
  exit: boolean;
  exitReason?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// marketing-suppression — result discarded (`ResultPath: null`). Both actions are idempotent: adding an existing
// suppression or lifting a missing one succeeds.
// ---------------------------------------------------------------------------------------------------------------

export interface MarketingSuppressionInput {
  action: 'add' | 'lift';
  customerId: string;
  kind: 'open_incident' | 'detractor_cooldown';
  /** The incident id (open_incident) or the survey id (detractor_cooldown). */
  ref: string;
  /** open_incident only: the incident's severity at the time it was opened. */
  severity?: IncidentSeverity;
  /** Expiry in days from now (detractor_cooldown: the cool-down length). No expiry when absent. */
  days?: number;
}

export interface MarketingSuppressionResult {
  ok: true;
}

// ---------------------------------------------------------------------------------------------------------------
// wait-for-event — `arn:aws:states:::lambda:invoke.waitForTaskToken`. The handler parks the task token under the
// wait key and returns at once; the execution waits until route-event / api-surveys / api-crisis calls
// SendTaskSuccess with a WaitSignal, or until the task's timeout (TimeoutSeconds/TimeoutSecondsPath, equal to
// `timeoutSeconds`) raises `States.Timeout`. The signal is stored at `$.signal`; on timeout the error
// (`{Error, Cause}`) is stored at `$.signal` instead, so `$.signal` always describes the latest wait.
// ---------------------------------------------------------------------------------------------------------------

export interface WaitForEventInput {
  /** `$$.Task.Token`. */
  taskToken: string;
  /** `$$.Execution.Id`, so the parked wait can be traced back to (and cleaned up with) its execution. */
  executionId: string;
  /** Absent for a global wait (the crisis journey waits on `crisis:<id>` for everyone). */
  customerId?: string;
  /** From `waitKeys` in workflows/routes.ts: `activation`, `incident:<id>`, `survey:<id>`, `crisis:<id>`. */
  waitKey: string;
  /** The task's timeout, so the parked token can expire (ttl) when the state machine stops waiting. */
  timeoutSeconds: number;
}

/** What SendTaskSuccess passes back as the task's output (`$.signal`). */
export type WaitSignal =
  /** An event on the bus woke the wait (route-event), e.g. `customer.activated`, `incident.updated`. */
  | { event: JourneyEvent }
  /** A survey answer through `POST /surveys/{token}` (api-surveys). */
  | { answer: { score: number; comment?: string } }
  /** A crisis change through `PUT|DELETE /crisis` (api-crisis). */
  | { event: CrisisSignalEvent };

export interface CrisisSignalEvent {
  type: 'crisis.updated' | 'crisis.resolved';
  /** The crisis record's version after the change. */
  version: number;
  /** The cadence after the change (`cadenceMinutes * 60`); required for `crisis.updated`. */
  cadenceSeconds?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// open-survey — result at `$.survey`.
// ---------------------------------------------------------------------------------------------------------------

export interface OpenSurveyInput {
  customerId: string;
  incidentId: string;
  executionId: string;
}

export interface OpenSurveyResult {
  /** The wait key of the answer is `survey:<surveyId>`. */
  surveyId: string;
  surveyUrl: string;
  expiresAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// next-best-action — result at `$.nextBest`.
// ---------------------------------------------------------------------------------------------------------------

export interface NextBestActionInput {
  score: number;
  /** The `incident.resolved` event's data; its optional `severity` decides compensation or help. */
  incident: unknown;
}

export interface NextBestActionResult {
  followUp: FollowUp;
  /** What is offered: set for `compensation_offer` only, from the deployment's policy. */
  offer?: Compensation;
}

// ---------------------------------------------------------------------------------------------------------------
// flag-follow-up — result discarded.
// ---------------------------------------------------------------------------------------------------------------

export interface FlagFollowUpInput {
  customerId: string;
  reason: 'detractor';
  score: number;
  surveyId: string;
}

// ---------------------------------------------------------------------------------------------------------------
// crisis-broadcast — result at `$.broadcast`.
// ---------------------------------------------------------------------------------------------------------------

export interface CrisisBroadcastInput {
  crisisId: string;
  /** The crisis record version whose message goes out. */
  version: number;
  kind: 'alert' | 'update' | 'all-clear';
  /**
   * The broadcast round of this execution (0 for the alert, then 1, 2…): cadence updates repeat a version, so
   * idempotency keys must include the round, i.e. (crisisId, version, kind, round).
   */
  round: number;
  /** Where the previous invocation of this broadcast stopped; null to start (or to start a catch-up pass). */
  cursor: string | null;
  /** A replay: only the recipients recorded as failed for this broadcast, not the whole audience. */
  failedOnly: boolean;
  /** The plan step (`true`): count the audience, split the shards into groups; the result is a CrisisBroadcastPlan. */
  plan?: boolean;
  /** A loop of the broadcast: the shard group it walks (from the plan). */
  shards?: CrisisShardGroup;
}

/** Shards `first`…`last` (inclusive) of the 16 of the segment index: what one loop of a broadcast walks. */
export interface CrisisShardGroup {
  first: number;
  last: number;
}

/** The plan step's result (at `$.broadcast`): the groups the journey's Map runs in parallel, one loop each. */
export interface CrisisBroadcastPlan {
  groups: CrisisShardGroup[];
  /** The audience counted (0 for a replay, which walks the failures). */
  total: number;
}

export interface CrisisBroadcastResult {
  /** False while recipients remain: invoke again with `cursor`. */
  done: boolean;
  cursor?: string;
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  deferred: number;
  /** Some recipients were in quiet hours: run the broadcast again at this instant. */
  deferredUntil?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Execution inputs.
// ---------------------------------------------------------------------------------------------------------------

/**
 * onboarding, incident and post-resolution: started by route-event with the name
 * `executionName(journey, event.id)` (workflows/routes.ts).
 */
export interface CustomerJourneyInput {
  journey: Exclude<JourneyName, 'crisis'>;
  customerId: string;
  event: JourneyEvent;
}

/** crisis: started by api-crisis with the name `crisis-<crisisId>`. */
export interface CrisisJourneyInput {
  journey: 'crisis';
  crisisId: string;
  version: number;
  severity: 'sev1' | 'sev2' | 'sev3';
  cadenceMinutes: number;
  /** `cadenceMinutes * 60`: the Await change timeout (JSONPath intrinsics cannot multiply). */
  cadenceSeconds: number;
  /**
   * Set when the execution continues an earlier one of the same crisis (continue-as-new, started by the journey
   * itself as `crisis-<crisisId>-from-round-<round>`): the loop's state at that point. The execution skips the
   * alert and goes on waiting for the next change.
   */
  continued?: CrisisLoopState;
}

/** The crisis journey's mutable state (`$.current`). */
export interface CrisisLoopState {
  /** The crisis record version whose message the cadence updates repeat. */
  version: number;
  cadenceSeconds: number;
  /** Broadcast rounds so far (the alert is round 0), across continued executions. */
  round: number;
}

// ---------------------------------------------------------------------------------------------------------------
// route-event — the EventBridge rules' input: `RouteEventInput` (`{ routeId, event }`) in workflows/routes.ts, one
// rule per route.
// ---------------------------------------------------------------------------------------------------------------

export type { RouteEventInput } from '../routes';

/**
 * What the journey state machines hand the Lambda tasks they invoke, and what the tasks answer: one zod schema per
 * task input, which the handler parses and the journey's `Parameters` are typed against (`z.input`), and the
 * result shapes at the `ResultPath` each journey reads. Every task uses `payloadResponseOnly`, so in the cloud and
 * on the local runtime a handler's return value IS the task result.
 */
import * as z from '../functions/domain/zod';
import type { Channel, Compensation, CrisisSeverity, Decision, FollowUp, JourneyEvent, JourneyName } from '../functions/domain';
import { MessageSpecSchema } from '../functions/domain/model/message';
import { CustomerId, IncidentSeverity } from '../functions/domain/model/primitives';

/** A template variable value, as the decision engine and the renderer accept them. */
export const TemplateVarValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type TemplateVarValue = z.infer<typeof TemplateVarValue>;

// The message a step asks about: what deliver-message's payload extends (below).
export const EvaluateMessagePayload = z.object({
  /** `$$.Execution.Id`: with `message.step` it derives the message id, so a re-evaluation is the same message. */
  executionId: z.string().check(z.minLength(1)),
  /**
   * `step` is unique per message within an execution (`welcome`, `tip-2`…); looping journeys put the loop counter
   * in it, so every iteration is a new message while retries of one iteration are not.
   */
  message: z.omit(MessageSpecSchema, { messageId: true, failedChannels: true }),
});
export type EvaluateMessageInput = z.input<typeof EvaluateMessagePayload>;

/** One send's result, deliver-message's `delivery` (functions/services/send-decided.ts). */
export interface SendMessageResult {
  /**
   * `sent`: the provider accepted it; `fallback`: this channel failed for good and is recorded as failed for this
   * message, so the next evaluation picks the next channel; `failed`: nothing more can be done, the step ends.
   */
  status: 'sent' | 'fallback' | 'failed';
  channel: Channel | null;
  providerMessageId?: string;
  /** True when this call found the message already sent by an earlier attempt. */
  duplicate?: boolean;
  reason?: string;
}

/**
 * The function dying, timing out or being throttled, and DynamoDB throttling past the SDK's own retries: transient
 * for any task whose re-run is safe (the send claim makes a re-run after the provider accepted return the recorded
 * send). `Lambda.Unknown` is the older name of `Runtime.ExitError` and `Sandbox.Timedout`. The park step
 * (deliver-step.ts) retries only these.
 */
export const TRANSIENT_INVOCATION_ERRORS = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Sandbox.Timedout',
  // middy's early timeout (the function about to reach its deadline): thrown by the handler, so not a Lambda.* error.
  'TimeoutError',
  'Runtime.ExitError',
  'Lambda.Unknown',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
] as const;

/** The send step also retries the provider's throttling and transient errors; any other error is caught. */
export const SEND_RETRYABLE_ERRORS = ['ProviderRetryableError', ...TRANSIENT_INVOCATION_ERRORS] as const;

// deliver-message: the one-task message step (evaluate + send + fallbacks in one invocation). Result at `$.delivery`.
export const DEFAULT_MAX_ATTEMPTS = 10;

export const DeliverMessagePayload = z.extend(EvaluateMessagePayload, {
  /** Evaluations already made for this message by earlier invocations (after deferrals); 0 on the first. */
  attempt: z._default(z.number().check(z.int(), z.gte(0)), 0),
  /** Evaluations per message before the step stops deferring or falling back. */
  maxAttempts: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), DEFAULT_MAX_ATTEMPTS),
  /**
   * The exit check folded into the step (after a wait): a customer who was erased, churned or opted out of the
   * step's topic ends the journey here (error `Journey.Exited`, the reason as its message) before anything about
   * the message is decided or recorded.
   */
  exitCheck: z._default(z.boolean(), false),
  /**
   * A suppressed message ends the journey (error `Message.Suppressed`, the reasons as its message) instead of
   * answering `outcome: suppressed` to a Choice after the task: the decision is recorded first, as for any message.
   */
  endIfSuppressed: z._default(z.boolean(), false),
  /**
   * A survey invitation: the step opens this execution's survey before deciding (the same survey on every attempt),
   * links to it and answers its id at `surveyId` — the survey costs no state of its own.
   */
  opensSurvey: z._default(z.boolean(), false),
  /** Park mode: the error the step's Catch put at `$.sendError` (Step Functions' `Error` and `Cause`). */
  park: z.optional(
    z.object({
      Error: z.string().check(z.minLength(1), z.maxLength(256)),
      Cause: z.optional(z.string().check(z.maxLength(32_768))),
    }),
  ),
});
export type DeliverMessageInput = z.input<typeof DeliverMessagePayload>;
/** The payload as the handler receives it, defaults applied. */
export type DeliverMessageTask = z.output<typeof DeliverMessagePayload>;

/**
 * The rare ways out of a message or status task, raised as function errors so that the common path needs no
 * Choice after the task (Task → next Task, one transition): the step's Catch routes them by name. The error's
 * message is the data the route needs: the exit reason, or the deferral as JSON (`DeliverMessageDeferral`).
 */
export const STEP_SIGNALS = {
  /** The customer left the journey (erased, churned, opted out): the journey ends, the reason in the Cause. */
  journeyExited: 'Journey.Exited',
  /** The message is deferred (quiet hours, frequency cap): wait until `sendAt`, then deliver again. */
  messageDeferred: 'Message.Deferred',
  /** The message is held by a pause or the freeze: parked until the resume (or the hold's end), then delivered again. */
  messageHeld: 'Message.Held',
  /** The message was suppressed and the step ends the journey then (`endIfSuppressed`): the reasons in the Cause. */
  messageSuppressed: 'Message.Suppressed',
  /** next-best-action: the answer wait's signal carries no score (neither shape): the journey closes the survey. */
  answerMissing: 'Survey.NoScore',
} as const;

/** The message of a `Message.Deferred` error (JSON): when to deliver again, and the evaluations made so far. */
export interface DeliverMessageDeferral {
  sendAt: string;
  attempt: number;
}

export interface DeliverMessageResult {
  /** The last decision's outcome: `sent`, `deferred` (wait until `sendAt`, then invoke again), `suppressed`, `failed`. */
  outcome: Decision['outcome'];
  messageId: string;
  channel: Decision['channel'];
  /** Only when deferred: ISO 8601, the Wait state's TimestampPath. */
  sendAt?: string;
  /** The send's result when one was attempted. */
  delivery?: SendMessageResult;
  /** Evaluations made for this message so far, this invocation's included. */
  attempt: number;
  reasons: string[];
  /** Park mode only: true when the message is in the dead-letter partition now. */
  parked?: boolean;
  /**
   * Only with `opensSurvey`: the survey the invitation links to. The answer's wait key is `survey:<surveyId>`; no
   * link, because its token is a secret the execution history must not keep (services/survey-links.ts).
   */
  surveyId?: string;
}

/**
 * A message held by a pause or the marketing freeze: deferred, and parked (wait-for-event) on `waitKey` until the
 * resume wakes it or `timeoutSeconds` pass (the pause's or freeze's end), then decided again.
 */
export interface MessageHold {
  kind: 'pause' | 'freeze';
  waitKey: string;
  timeoutSeconds: number;
  until: string;
}

/** The message of a `Message.Held` error (JSON): the hold, and the evaluations made so far (a hold is not one). */
export interface DeliverMessageHeld extends MessageHold {
  attempt: number;
}

// customer-status: exit checks. Result at `$.status`.
export const CustomerStatusPayload = z.object({
  customerId: CustomerId,
  /** Raise `Journey.Exited` (the reason as its message) instead of answering `exit: true`: the exit check's Catch ends the journey. */
  endJourneyOnExit: z._default(z.boolean(), false),
  /**
   * The `Journey.Exited` error a step caught (`{Error, Cause}`): answer the status at exit with the caught reason
   * (`exit: true`), so the execution's history records why the journey ended.
   */
  exited: z.optional(z.object({ Error: z.string().check(z.minLength(1), z.maxLength(256)), Cause: z.optional(z.string().check(z.maxLength(32_768))) })),
});
export type CustomerStatusInput = z.input<typeof CustomerStatusPayload>;

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

// marketing-suppression: result discarded. Both actions are idempotent (adding an existing suppression or lifting
// a missing one succeeds).
const SuppressionKind = z.enum(['open_incident', 'detractor_cooldown']);
export const MarketingSuppressionPayload = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('add'),
    customerId: CustomerId,
    kind: SuppressionKind,
    /** The incident id (open_incident) or the survey id (detractor_cooldown). */
    ref: z.string().check(z.minLength(1), z.maxLength(128)),
    /** open_incident only: the incident's severity at the time it was opened. */
    severity: z.optional(z.string()),
    /** Expiry in days from now; the kind's default when absent. */
    days: z.optional(z.number().check(z.int(), z.positive(), z.lte(365))),
  }),
  z.object({ action: z.literal('lift'), customerId: CustomerId, kind: SuppressionKind, ref: z.string().check(z.minLength(1), z.maxLength(128)) }),
]);
export type MarketingSuppressionInput = z.input<typeof MarketingSuppressionPayload>;

// wait-for-event: `lambda:invoke.waitForTaskToken`. The handler parks the task token under the wait key and returns
// at once; the execution waits until route-event / api-surveys / api-crisis calls SendTaskSuccess with a
// WaitSignal, or until the task's timeout raises `States.Timeout`. Either lands at `$.signal`.
export const WaitForEventPayload = z.object({
  /** `$$.Task.Token`. */
  taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
  /** `$$.Execution.Id`, so a parked wait can be traced back to its execution. */
  executionId: z.optional(z.string().check(z.minLength(1))),
  /** Absent for waits that belong to no customer (the crisis journey waits on `crisis:<id>` for everyone). */
  customerId: z.optional(CustomerId),
  /** From `waitKeys` (contracts/routes.ts). */
  waitKey: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The task's timeout, so the parked token can expire when the state machine stops waiting. */
  timeoutSeconds: z.number().check(z.int(), z.positive()),
});
export type WaitForEventInput = z.input<typeof WaitForEventPayload>;

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

// close-survey: when the journey stops waiting for the answer; result discarded.
export const CloseSurveyPayload = z.object({
  customerId: CustomerId,
  executionId: z.string().check(z.minLength(1)),
});
export type CloseSurveyInput = z.input<typeof CloseSurveyPayload>;

// next-best-action: result at `$.nextBest`. It reads the score out of the signal that woke the answer wait, in
// either shape (no Choice + Pass to normalise it in the journey); a signal without one raises `Survey.NoScore`.
const Score = z.number().check(z.int(), z.gte(0), z.lte(10));
export const NextBestActionPayload = z.object({
  /** The answer wait's `$.signal`: `{answer: {score}}` (POST /surveys/{token}) or `{event: {data: {score}}}` (`survey.responded`). */
  answer: z.looseObject({
    answer: z.optional(z.looseObject({ score: Score })),
    event: z.optional(z.looseObject({ data: z.looseObject({ score: z.optional(Score) }) })),
  }),
  /** The `incident.resolved` event's data: its `severity`, when the source sent one, is the incident's last. */
  incident: z.looseObject({ severity: z.optional(IncidentSeverity) }),
});
export type NextBestActionInput = z.input<typeof NextBestActionPayload>;

export interface NextBestActionResult {
  followUp: FollowUp;
  /** The answer's score, whichever shape it came in (the follow-up flag records it). */
  score: number;
  /** What is offered: set for `compensation_offer` only, from the deployment's policy. */
  offer?: Compensation;
}

// flag-follow-up: result discarded.
export const FlagFollowUpPayload = z.object({
  customerId: CustomerId,
  reason: z.string().check(z.minLength(1), z.maxLength(300)),
  score: z.optional(z.number().check(z.int(), z.gte(0), z.lte(10))),
  surveyId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
});
export type FlagFollowUpInput = z.input<typeof FlagFollowUpPayload>;

// crisis-broadcast: result at `$.broadcast` (its input schema is the handler's, CrisisBroadcastPayload).

/** Shards `first`…`last` (inclusive) of the 16 of the segment index: what one loop of a broadcast walks. */
export interface CrisisShardGroup {
  first: number;
  last: number;
}

/** The plan step's result: the groups the journey's Map runs in parallel, one loop each. */
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

// Execution inputs.

/** onboarding, incident and post-resolution: started by route-event as `executionName(journey, event.id)`. */
export interface CustomerJourneyInput {
  journey: Exclude<JourneyName, 'crisis'>;
  customerId: string;
  event: JourneyEvent;
}

/** crisis: started by api-crisis as `crisis-<crisisId>`. */
export interface CrisisJourneyInput {
  journey: 'crisis';
  crisisId: string;
  version: number;
  severity: CrisisSeverity;
  cadenceMinutes: number;
  /** `cadenceMinutes * 60`: the Await change timeout (JSONPath intrinsics cannot multiply). */
  cadenceSeconds: number;
}

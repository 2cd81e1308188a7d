/**
 * Incident (`incident.opened`): suppress marketing for a critical or major incident, acknowledge it, then keep
 * the customer informed — every `incident.updated` becomes an update message, and silence longer than the
 * severity's SLA becomes a "no news yet" update — until `incident.resolved` lifts the suppression. The loop is
 * bounded so the execution history stays bounded.
 *
 * Transitions (docs/cost-model.md): one Choice after each wake-up routes resolution, bound, timeout and update,
 * the loop's count lives in `$.policy`, and the resolution ends in its lift task, so an update costs 4 (wait,
 * Choice, message, count) and the main path — acknowledgement, one update, resolution — 10 for 2 messages.
 *
 * Execution input: CustomerJourneyInput with an `incident.opened` event
 * (`event.data = { incidentId, severity, title }`).
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { IncidentSeverity } from '../functions/domain';
import { JourneyScope, choice, invoke, deliverStep, pass, succeed, waitForEvent, type JourneyFunctionsMap } from './blocks';
import type { MarketingSuppressionInput } from '../contracts/payloads';

export interface IncidentTimings {
  /** How long silence may last before a "no news yet" update, per severity. */
  readonly sla: Readonly<Record<IncidentSeverity, Duration>>;
  /**
   * Updates (signalled or reminders) before the journey stops following the incident: the wake-up after the last
   * one ends the journey (lifting the suppression) unless it is the resolution.
   */
  readonly maxUpdates: number;
}

export const INCIDENT_TIMINGS: IncidentTimings = {
  sla: { critical: Duration.hours(1), major: Duration.hours(4), minor: Duration.hours(24) },
  maxUpdates: 48,
};

export interface IncidentJourneyProps {
  readonly functions: JourneyFunctionsMap;
  readonly timings?: Partial<IncidentTimings>;
}

const INCIDENT_ID = '$.event.data.incidentId';
/** The update's own text, in the signal that woke the loop (null when the event carried none). */
const UPDATE_TEXT = '$.signal.event.data.message';

export function buildIncidentJourney(scope: Construct, props: IncidentJourneyProps): sfn.IChainable {
  const t = { ...INCIDENT_TIMINGS, ...props.timings };
  const s = new JourneyScope(scope, 'Incident', { journey: 'incident', functions: props.functions });
  const incidentVars = {
    incidentId: sfn.JsonPath.stringAt(INCIDENT_ID),
    incidentTitle: sfn.JsonPath.stringAt('$.event.data.title'),
  };

  // Severity → SLA and urgency at `$.policy`; critical and major suppress marketing. The policy also starts the
  // update loop's count (`$.policy.updates.count`, 0): one Pass sets both, no separate "start loop" state.
  const severity = choice(s, 'Severity?');
  const policy = (name: IncidentSeverity, label: string) =>
    pass(s, label, {
      result: sfn.Result.fromObject({ severity: name, slaSeconds: t.sla[name].toSeconds(), urgency: name === 'critical' ? 'critical' : 'normal', updates: { count: 0 } }),
      resultPath: '$.policy',
    });
  const critical = policy('critical', `Critical: SLA ${t.sla.critical.toHumanString()}`);
  const major = policy('major', `Major: SLA ${t.sla.major.toHumanString()}`);
  const minor = policy('minor', `Minor: SLA ${t.sla.minor.toHumanString()}`);
  severity
    .when(sfn.Condition.stringEquals('$.event.data.severity', 'critical'), critical)
    .when(sfn.Condition.stringEquals('$.event.data.severity', 'major'), major)
    .otherwise(minor);

  const suppression = (action: MarketingSuppressionInput['action']): Record<string, unknown> => ({
    action,
    customerId: sfn.JsonPath.stringAt('$.customerId'),
    kind: 'open_incident',
    ref: sfn.JsonPath.stringAt(INCIDENT_ID),
    ...(action === 'add' ? { severity: sfn.JsonPath.stringAt('$.policy.severity') } : {}),
  });
  const suppress = invoke(s, 'SuppressMarketing', 'marketing-suppression', {
    payload: suppression('add'),
    resultPath: sfn.JsonPath.DISCARD,
    comment: 'No marketing while the incident is open',
  });

  const acknowledge = deliverStep(s, 'Acknowledge', {
    template: 'incident_ack',
    topic: 'service_updates',
    category: 'service',
    urgencyPath: '$.policy.urgency',
    vars: incidentVars,
  });
  critical.next(suppress);
  major.next(suppress);
  suppress.next(acknowledge);
  minor.next(acknowledge);

  const awaitUpdate = waitForEvent(s, 'Await update', {
    waitKey: sfn.JsonPath.format('incident:{}', sfn.JsonPath.stringAt(INCIDENT_ID)),
    timeoutPath: '$.policy.slaSeconds',
    comment: 'Woken by incident.updated or incident.resolved; the SLA timeout sends a "no news yet" update',
  });
  acknowledge.next(awaitUpdate);

  // One Choice after each wake-up decides everything the loop needs (a wake-up costs the wait and this Choice):
  // the resolution first (it always ends the journey normally), then the loop's bound, then the timeout
  // (`$.signal` holds the States.Timeout error), then the update with or without its own text.
  const whichSignal = choice(s, 'Update or resolution?', 'Resolution, update limit, SLA timeout ("no news"), or an update with or without its text');
  // The resolution lifts the suppression and ends the journey in the same state: idempotent, lifting a suppression
  // that was never added (minor incident) is a no-op.
  const resolved = invoke(s, 'Incident resolved', 'marketing-suppression', {
    payload: suppression('lift'),
    resultPath: sfn.JsonPath.DISCARD,
    comment: 'Resolved: lift the suppression (a no-op for a minor incident) and end the journey',
  });

  const update = deliverStep(s, 'Incident update', {
    template: 'incident_update',
    topic: 'service_updates',
    category: 'service',
    urgencyPath: '$.policy.urgency',
    step: sfn.JsonPath.format('incident-update-{}', sfn.JsonPath.stringAt('$.policy.updates.count')),
    vars: { ...incidentVars, incidentMessage: sfn.JsonPath.stringAt(UPDATE_TEXT), isReminder: false },
  });
  // The update's own text (`data.message`) is optional: the signal of an update without one gets `{message: null}`
  // as its data first (a Pass only on that path; nothing reads the signal's other data), so the message step
  // reads one path either way.
  const noMessage = pass(s, 'No update message', { result: sfn.Result.fromObject({ message: null }), resultPath: '$.signal.event.data' });
  noMessage.next(update);
  const noNews = deliverStep(s, 'No news update', {
    template: 'incident_update',
    topic: 'service_updates',
    category: 'service',
    urgencyPath: '$.policy.urgency',
    step: sfn.JsonPath.format('incident-no-news-{}', sfn.JsonPath.stringAt('$.policy.updates.count')),
    vars: { ...incidentVars, isReminder: true },
  });

  const count = pass(s, 'Count updates', { parameters: { 'count.$': 'States.MathAdd($.policy.updates.count, 1)' }, resultPath: '$.policy.updates' });
  const liftAtLimit = invoke(s, 'LiftSuppression at limit', 'marketing-suppression', {
    payload: suppression('lift'),
    resultPath: sfn.JsonPath.DISCARD,
    comment: 'The journey stops following the incident, so it must not leave marketing suppressed',
  });
  liftAtLimit.next(succeed(s, 'Update limit reached'));

  const eventType = '$.signal.event.type';
  const isEvent = (type: string) => sfn.Condition.and(sfn.Condition.isPresent(eventType), sfn.Condition.stringEquals(eventType, type));
  awaitUpdate.onSignal(whichSignal).onTimeout(whichSignal);
  whichSignal
    .when(isEvent('incident.resolved'), resolved)
    // At most maxUpdates updates (signalled or "no news"): the next wake-up that is not the resolution ends the journey.
    .when(sfn.Condition.numberGreaterThanEquals('$.policy.updates.count', t.maxUpdates), liftAtLimit)
    .when(sfn.Condition.isPresent('$.signal.Error'), noNews)
    .when(sfn.Condition.and(isEvent('incident.updated'), sfn.Condition.isPresent(UPDATE_TEXT)), update)
    .when(isEvent('incident.updated'), noMessage)
    .otherwise(count);
  update.next(count);
  noNews.next(count);
  count.next(awaitUpdate);

  return severity;
}

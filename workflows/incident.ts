/**
 * Incident (`incident.opened`): suppress marketing for a critical or major incident, acknowledge it, then keep
 * the customer informed — every `incident.updated` becomes an update message, and silence longer than the
 * severity's SLA becomes a "no news yet" update — until `incident.resolved` lifts the suppression. The loop is
 * bounded so the execution history stays bounded.
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
  /** Updates (signalled or reminders) before the journey stops following the incident. */
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

export function buildIncidentJourney(scope: Construct, props: IncidentJourneyProps): sfn.IChainable {
  const t = { ...INCIDENT_TIMINGS, ...props.timings };
  const s = new JourneyScope(scope, 'Incident', { journey: 'incident', functions: props.functions });
  const incidentVars = {
    incidentId: sfn.JsonPath.stringAt(INCIDENT_ID),
    incidentTitle: sfn.JsonPath.stringAt('$.event.data.title'),
  };

  // Severity → SLA and urgency at `$.policy`; critical and major suppress marketing.
  const severity = choice(s, 'Severity?');
  const policy = (name: IncidentSeverity, label: string) =>
    pass(s, label, {
      result: sfn.Result.fromObject({ severity: name, slaSeconds: t.sla[name].toSeconds(), urgency: name === 'critical' ? 'critical' : 'normal' }),
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

  const startLoop = pass(s, 'Start update loop', { result: sfn.Result.fromObject({ count: 0 }), resultPath: '$.updates' });
  acknowledge.next(startLoop);

  const awaitUpdate = waitForEvent(s, 'Await update', {
    waitKey: sfn.JsonPath.format('incident:{}', sfn.JsonPath.stringAt(INCIDENT_ID)),
    timeoutPath: '$.policy.slaSeconds',
    comment: 'Woken by incident.updated or incident.resolved; the SLA timeout sends a "no news yet" update',
  });
  startLoop.next(awaitUpdate);

  const whichSignal = choice(s, 'Update or resolution?');
  const lift = invoke(s, 'LiftSuppression', 'marketing-suppression', {
    payload: suppression('lift'),
    resultPath: sfn.JsonPath.DISCARD,
    comment: 'Idempotent: lifting a suppression that was never added (minor incident) is a no-op',
  });
  const resolved = succeed(s, 'Incident resolved');
  lift.next(resolved);

  const update = deliverStep(s, 'Incident update', {
    template: 'incident_update',
    topic: 'service_updates',
    category: 'service',
    urgencyPath: '$.policy.urgency',
    step: sfn.JsonPath.format('incident-update-{}', sfn.JsonPath.stringAt('$.updates.count')),
    vars: { ...incidentVars, incidentMessage: sfn.JsonPath.stringAt('$.update.message'), isReminder: false },
  });
  // The update's own text (`data.message`) is optional: normalise it to `$.update.message` (null when absent).
  const hasMessage = choice(s, 'Update has a message?');
  const takeMessage = pass(s, 'Take update message', { parameters: { 'message.$': '$.signal.event.data.message' }, resultPath: '$.update' });
  const noMessage = pass(s, 'No update message', { result: sfn.Result.fromObject({ message: null }), resultPath: '$.update' });
  hasMessage.when(sfn.Condition.isPresent('$.signal.event.data.message'), takeMessage).otherwise(noMessage);
  takeMessage.next(update);
  noMessage.next(update);
  const noNews = deliverStep(s, 'No news update', {
    template: 'incident_update',
    topic: 'service_updates',
    category: 'service',
    urgencyPath: '$.policy.urgency',
    step: sfn.JsonPath.format('incident-no-news-{}', sfn.JsonPath.stringAt('$.updates.count')),
    vars: { ...incidentVars, isReminder: true },
  });

  const count = pass(s, 'Count updates', { parameters: { 'count.$': 'States.MathAdd($.updates.count, 1)' }, resultPath: '$.updates' });
  const limit = choice(s, 'Update limit?');
  const liftAtLimit = invoke(s, 'LiftSuppression at limit', 'marketing-suppression', {
    payload: suppression('lift'),
    resultPath: sfn.JsonPath.DISCARD,
    comment: 'The journey stops following the incident, so it must not leave marketing suppressed',
  });
  liftAtLimit.next(succeed(s, 'Update limit reached'));

  awaitUpdate.onSignal(whichSignal).onTimeout(noNews);
  whichSignal
    .when(sfn.Condition.isNotPresent('$.signal.event.type'), count)
    .when(sfn.Condition.stringEquals('$.signal.event.type', 'incident.resolved'), lift)
    .when(sfn.Condition.stringEquals('$.signal.event.type', 'incident.updated'), hasMessage)
    .otherwise(count);
  update.next(count);
  noNews.next(count);
  count.next(limit);
  limit.when(sfn.Condition.numberGreaterThanEquals('$.updates.count', t.maxUpdates), liftAtLimit).otherwise(awaitUpdate);

  return severity;
}

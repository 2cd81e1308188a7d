/**
 * The route table: which event type starts which journey, and which waiting journeys it wakes. The CDK stack
 * makes one EventBridge rule per `start` route; the route-event handler (cloud and local alike) applies all of
 * them. Execution names derive from the event id, so one event starts at most one execution per journey.
 */
import { createHash } from 'node:crypto';
import type { EventType, JourneyEvent, JourneyName } from '../functions/domain';

export interface StartRoute {
  action: 'start';
  eventType: EventType;
  journey: JourneyName;
}

/** Wakes journeys parked (task token) on a wait key of the event's customer. */
export interface SignalRoute {
  action: 'signal';
  eventType: EventType;
  waitKey: (event: JourneyEvent) => string;
}

/** Updates the customer's profile: lifecycle stage (activated, churned) or a topic/channel opt-out. */
export interface ApplyRoute {
  action: 'apply';
  eventType: EventType;
}

export type Route = StartRoute | SignalRoute | ApplyRoute;

/** A stable id per route: the CDK names one rule per route after it and passes it to route-event. */
export function routeId(route: Route): string {
  return route.action === 'start' ? `start-${route.journey}-on-${route.eventType}` : `${route.action}-on-${route.eventType}`;
}

/** What an EventBridge rule hands the route-event function: which route matched, and the event. */
export interface RouteEventInput {
  routeId: string;
  event: JourneyEvent;
}

/** Wait keys shared by the journeys (wait-for-event) and the router. */
export const waitKeys = {
  activation: () => 'activation',
  incident: (incidentId: string) => `incident:${incidentId}`,
  survey: (surveyId: string) => `survey:${surveyId}`,
  crisis: (crisisId: string) => `crisis:${crisisId}`,
} as const;

const incidentKey = (event: JourneyEvent) => waitKeys.incident((event.data as { incidentId: string }).incidentId);

export const ROUTES: readonly Route[] = [
  { action: 'start', eventType: 'customer.signed_up', journey: 'onboarding' },
  // route-event applies an event's profile effect (lifecycle, opt-out) before any route's action, so the
  // onboarding journey woken by these signals already sees the customer as activated or churned.
  { action: 'signal', eventType: 'customer.activated', waitKey: waitKeys.activation },
  { action: 'signal', eventType: 'customer.churned', waitKey: waitKeys.activation },
  { action: 'apply', eventType: 'customer.unsubscribed' },
  { action: 'start', eventType: 'incident.opened', journey: 'incident' },
  { action: 'signal', eventType: 'incident.updated', waitKey: incidentKey },
  { action: 'signal', eventType: 'incident.resolved', waitKey: incidentKey },
  { action: 'start', eventType: 'incident.resolved', journey: 'post-resolution' },
  { action: 'signal', eventType: 'survey.responded', waitKey: (event) => waitKeys.survey((event.data as { surveyId: string }).surveyId) },
];

export const routesFor = (eventType: EventType): Route[] => ROUTES.filter((route) => route.eventType === eventType);

export const routeById = (id: string): Route | undefined => ROUTES.find((route) => routeId(route) === id);

export const startRoutes = (eventType: EventType): StartRoute[] =>
  ROUTES.filter((route): route is StartRoute => route.action === 'start' && route.eventType === eventType);

/**
 * Step Functions execution names: 1–80 characters of [A-Za-z0-9-_]. Readable when the event id fits,
 * otherwise a hash, so the same (journey, event id) always maps to the same name.
 */
export function executionName(journey: JourneyName, eventId: string): string {
  const readable = `${journey}-${eventId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  if (readable.length <= 80) return readable;
  return `${journey}-${createHash('sha256').update(eventId).digest('hex').slice(0, 40)}`;
}

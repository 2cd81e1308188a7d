/** `eventBridge` (the journeys bus) and `followUps` (a follow-up item and its event on the bus). */
import { createEventBridgeClient } from '../../../adapters/eventbridge-client';
import { FollowUps } from '../../../adapters/follow-ups';
import { tableNameFrom } from '../../../adapters/client-config';
import { provide } from './registry';

provide('eventBridge', (_, env) => createEventBridgeClient(env));
provide('followUps', (deps, env) => new FollowUps(deps.doc, deps.eventBridge, { tableName: tableNameFrom(env), busName: env.EVENT_BUS_NAME ?? 'journeys' }));

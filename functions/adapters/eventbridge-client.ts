/** The EventBridge client, in a module of its own: only the bundles of handlers that use it carry it. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { clientConfig, type Environment } from './client-config';

export const createEventBridgeClient = (env: Environment = process.env) => new EventBridgeClient(clientConfig('EVENTBRIDGE', env));

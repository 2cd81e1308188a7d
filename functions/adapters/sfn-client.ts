/** The Step Functions client, in a module of its own: only the bundles of handlers that use it carry it. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { clientConfig, type Environment } from './client-config';

export const createSfnClient = (env: Environment = process.env) => new SFNClient(clientConfig('SFN', env));

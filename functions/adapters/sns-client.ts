/** The SNS client (SMS and push), in a module of its own: only the bundles of handlers that use it carry it. */
import { SNSClient } from '@aws-sdk/client-sns';
import { clientConfig, type Environment } from './client-config';

export const createSnsClient = (env: Environment = process.env) => new SNSClient(clientConfig('SNS', env));

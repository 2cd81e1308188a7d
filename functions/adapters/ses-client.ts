/** The SES v2 client (email), in a module of its own: only the bundles of handlers that use it carry it. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { clientConfig, type Environment } from './client-config';

export const createSesClient = (env: Environment = process.env) => new SESv2Client(clientConfig('SESV2', env));

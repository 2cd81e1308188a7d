/**
 * The secret that signs unsubscribe links and derives survey tokens. Deployed, it lives in Secrets Manager
 * (LINK_SECRET_ARN, created by the stack) and is read once per container through Powertools Parameters;
 * locally and in tests it comes from UNSUBSCRIBE_SECRET (with a development default).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { config } from './config';

/** Rotation reaches warm containers within this long. */
const CACHE_SECONDS = 300;

export async function linkSecret(): Promise<string> {
  const arn = process.env.LINK_SECRET_ARN;
  if (!arn) return config().UNSUBSCRIBE_SECRET;
  const secret = await getSecret(arn, { maxAge: CACHE_SECONDS });
  if (typeof secret !== 'string' || secret.length < 16) throw new Error('the link secret must be a string of at least 16 characters');
  return secret;
}

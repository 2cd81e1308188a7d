/**
 * The secret that signs unsubscribe links and derives survey tokens. Deployed, it lives in Secrets Manager
 * (LINK_SECRET_ARN, created by the stack) and is read once per container through Powertools Parameters;
 * locally and in tests it comes from UNSUBSCRIBE_SECRET. The development default is only for the local runtime
 * (JOURNEYS_LOCAL_RUNTIME): anywhere else a missing secret stops the function rather than signing with a key
 * anyone can read in this repository.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { config, LOCAL_RUNTIME_VARIABLE } from './config';

/** Rotation reaches warm containers within this long. */
const CACHE_SECONDS = 300;

export async function linkSecret(): Promise<string> {
  const arn = process.env.LINK_SECRET_ARN;
  if (!arn) {
    if (process.env.UNSUBSCRIBE_SECRET === undefined && process.env[LOCAL_RUNTIME_VARIABLE] !== 'true') {
      throw Object.assign(new Error('no link secret: LINK_SECRET_ARN (deployed) or UNSUBSCRIBE_SECRET must be set'), { name: 'LinkSecretMissing' });
    }
    return config().UNSUBSCRIBE_SECRET;
  }
  const secret = await getSecret(arn, { maxAge: CACHE_SECONDS });
  if (typeof secret !== 'string' || secret.length < 16) throw new Error('the link secret must be a string of at least 16 characters');
  return secret;
}

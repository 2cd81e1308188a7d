/** `email` (SES v2), `sms` and `push` (one SNS client): imported by the send path only. */
import type { SNSClient } from '@aws-sdk/client-sns';
import { createEmailSender } from '../../../adapters/email-sender';
import { SnsPushSender } from '../../../adapters/push-sender';
import { createSmsSender } from '../../../adapters/sms-sender';
import { createSnsClient } from '../../../adapters/sns-client';
import type { Dependencies } from '../dependencies';
import { provide } from './registry';

/** SMS and push share one SNS client (one connection pool) per container. */
const snsClients = new WeakMap<Dependencies, SNSClient>();
const snsClientOf = (deps: Dependencies, env: Parameters<typeof createSnsClient>[0]): SNSClient => {
  let client = snsClients.get(deps);
  if (!client) snsClients.set(deps, (client = createSnsClient(env)));
  return client;
};

provide('email', (_, env) => createEmailSender(env));
provide('sms', (deps, env) => createSmsSender(env, snsClientOf(deps, env)));
provide('push', (deps, env) => new SnsPushSender(snsClientOf(deps, env)));

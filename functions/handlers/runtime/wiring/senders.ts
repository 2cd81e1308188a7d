/** `email` (SES v2), `sms` and `push` (one SNS client): imported by the send path only. */
import { createEmailSender } from '../../../adapters/email-sender';
import { SnsPushSender } from '../../../adapters/push-sender';
import { createSmsSender } from '../../../adapters/sms-sender';
import { createSnsClient } from '../../../adapters/sns-client';
import { perContainer, provide } from './registry';

/** SMS and push share one SNS client (one connection pool) per container. */
const snsClientOf = perContainer((_, env) => createSnsClient(env));

provide('email', (_, env) => createEmailSender(env));
provide('sms', (deps, env) => createSmsSender(env, snsClientOf(deps, env)));
provide('push', (deps, env) => new SnsPushSender(snsClientOf(deps, env)));

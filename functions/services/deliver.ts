/**
 * Renders a decided message for its channel and hands it to the provider adapter. Shared by deliver-message
 * (one message of a journey) and the crisis broadcast (many), so both render and address alike.
 */
import type { Decision } from '../domain/model/message';
import type { Channel } from '../domain/model/primitives';
import type { Profile } from '../domain/model/profile';
import { renderMessage, useCompiledEmails, type RenderedMessage } from '../domain/templates/render';
import { compiledMessages } from '../adapters/email-templates';
import type { TemplateVars } from '../domain/templates/variables';
import { ProviderPermanentAddressError, type SendResult } from '../adapters/provider-errors';
import type { Dependencies } from '../handlers/runtime/dependencies';
import '../handlers/runtime/wiring/senders'; // builds the email, sms, push this module uses (runtime/dependencies.ts)

// The compiled email HTML and message copy, read from the files next to the bundle (or the repository's assets/emails/).
useCompiledEmails(compiledMessages);

export async function render(decision: Decision & { channel: Channel }, vars: TemplateVars): Promise<RenderedMessage> {
  return renderMessage({ template: decision.template, locale: decision.locale, channel: decision.channel, vars, category: decision.category });
}

export async function deliver(
  deps: Pick<Dependencies, 'email' | 'sms' | 'push'>,
  profile: Profile,
  decision: Decision & { channel: Channel },
  message: RenderedMessage,
  unsubscribeUrl: string | undefined,
): Promise<SendResult> {
  switch (decision.channel) {
    case 'email':
      if (!profile.email) throw new ProviderPermanentAddressError('email', 'MissingAddress', 'the profile has no email address any more');
      return deps.email.send({
        to: profile.email,
        subject: message.subject ?? '',
        html: message.html ?? '',
        text: message.text,
        category: decision.category,
        journey: decision.journey,
        step: decision.step,
        // Tagged on the message, so SES bounce and complaint events name the customer (delivery-feedback).
        customerId: decision.customerId,
        messageId: decision.messageId,
        ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
      });
    case 'sms':
      if (!profile.phone) throw new ProviderPermanentAddressError('sms', 'MissingAddress', 'the profile has no phone number any more');
      return deps.sms.send({ phoneNumber: profile.phone, body: message.text, category: decision.category });
    case 'push':
      if (!profile.pushEndpoint) throw new ProviderPermanentAddressError('push', 'MissingAddress', 'the profile has no push endpoint any more');
      return deps.push.send({
        targetArn: profile.pushEndpoint,
        title: message.title ?? '',
        body: message.text,
        category: decision.category,
        // The tap's target (a survey invitation's link): built at send time, so it is in no execution history.
        data: { messageId: decision.messageId, journey: decision.journey, ...(message.link ? { link: message.link } : {}) },
      });
  }
}

/** The suppression a permanent address failure implies, so later decisions skip the channel at once. */
export const ADDRESS_FAILURE_SUPPRESSION = { email: 'hard_bounce', sms: 'sms_stop', push: 'push_disabled' } as const satisfies Record<Channel, string>;

import { SendEmailCommand, SESv2Client, TooManyRequestsException, MessageRejected, BadRequestException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSesClient } from '../../../functions/adapters/clients';
import { decodeTagValue, encodeTagValue, SesEmailSender, type EmailMessage } from '../../../functions/adapters/email-sender';
import {
  ProviderConfigurationError,
  ProviderPermanentAddressError,
  ProviderRetryableError,
} from '../../../functions/adapters/provider-errors';
import { startSesLocal, type SesLocalHandle } from '../../support/ses-local';

const marketing: EmailMessage = {
  to: 'ana@example.com',
  subject: 'Vitajte v Journeys – prvé kroky',
  html: '<h1>Ahoj Ana</h1><p>Tu sú prvé kroky.</p>',
  text: 'Ahoj Ana\nTu sú prvé kroky.',
  category: 'marketing',
  journey: 'onboarding',
  step: 'welcome',
  unsubscribeUrl: 'https://journeys.example.com/unsubscribe?t=abc123',
};

describe('SesEmailSender against aws-ses-v2-local', () => {
  let ses: SesLocalHandle;
  let sender: SesEmailSender;

  beforeAll(async () => {
    ses = await startSesLocal();
    sender = new SesEmailSender(createSesClient({ AWS_ENDPOINT_URL_SESV2: ses.endpoint }), {
      fromAddress: 'Journeys <hello@journeys.example.com>',
      configurationSetName: 'journeys',
    });
  });
  afterAll(async () => ses.close());
  beforeEach(async () => ses.clear());

  it('delivers subject, HTML and text bodies and returns the provider message id', async () => {
    const { providerMessageId } = await sender.send(marketing);

    const [email, ...others] = await ses.emails();
    expect(others).toEqual([]);
    expect(email).toMatchObject({
      messageId: providerMessageId,
      from: 'Journeys <hello@journeys.example.com>',
      destination: { to: ['ana@example.com'], cc: [], bcc: [] },
      subject: marketing.subject,
      body: { html: marketing.html, text: marketing.text },
    });
  });

  it('adds one-click unsubscribe headers to marketing email', async () => {
    await sender.send(marketing);
    const [email] = await ses.emails();
    expect(email?.headers).toEqual([
      { name: 'List-Unsubscribe', value: '<https://journeys.example.com/unsubscribe?t=abc123>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('sends a transactional email without unsubscribe headers when no link is given', async () => {
    await sender.send({ ...marketing, category: 'transactional', unsubscribeUrl: undefined });
    const [email] = await ses.emails();
    expect(email?.headers ?? []).toEqual([]);
  });

  it('refuses marketing email without an unsubscribe link before calling SES', async () => {
    await expect(sender.send({ ...marketing, unsubscribeUrl: undefined })).rejects.toBeInstanceOf(ProviderConfigurationError);
    expect(await ses.emails()).toEqual([]);
  });

  it('refuses a subject that would inject headers', async () => {
    await expect(sender.send({ ...marketing, subject: 'Hi\r\nBcc: evil@example.com' })).rejects.toBeInstanceOf(ProviderConfigurationError);
  });
});

describe('SesEmailSender request and failures (mocked SES)', () => {
  // Mock this one client instance only: mocking the class would also capture the emulator tests' client.
  const client = new SESv2Client({ region: 'eu-central-1' });
  const sesMock = mockClient(client);
  const sender = new SesEmailSender(client, {
    fromAddress: 'hello@journeys.example.com',
    configurationSetName: 'journeys-events',
  });
  beforeEach(() => sesMock.reset());
  afterAll(() => sesMock.restore());

  it('sends through the configuration set with UTF-8 simple content, headers and tags', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
    expect(await sender.send({ ...marketing, step: 'welcome email #1' })).toEqual({ providerMessageId: 'ses-0001' });
    expect(sesMock.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      FromEmailAddress: 'hello@journeys.example.com',
      Destination: { ToAddresses: ['ana@example.com'] },
      ConfigurationSetName: 'journeys-events',
      Content: {
        Simple: {
          Subject: { Data: marketing.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: marketing.html, Charset: 'UTF-8' }, Text: { Data: marketing.text, Charset: 'UTF-8' } },
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://journeys.example.com/unsubscribe?t=abc123>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
      EmailTags: [
        { Name: 'journey', Value: 'onboarding' },
        { Name: 'step', Value: 'welcome_email__1' },
        { Name: 'category', Value: 'marketing' },
      ],
    });
  });

  it('tags the customer and message so bounce and complaint notifications can be attributed', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'ses-0002' });
    await sender.send({ ...marketing, customerId: 'c-123', messageId: '0123abcd-welcome' });
    await sender.send({ ...marketing, customerId: 'ana.novak@corp:eu_1', messageId: 'step.'.repeat(40) });
    const [plain, encoded] = sesMock.commandCalls(SendEmailCommand).map((call) => call.args[0].input.EmailTags ?? []);
    expect(plain?.slice(3)).toEqual([
      { Name: 'customerId', Value: 'c-123' },
      { Name: 'messageId', Value: '0123abcd-welcome' },
    ]);
    // Characters SES does not allow are encoded reversibly; a value too long to encode is left out.
    expect(encoded?.slice(3)).toEqual([{ Name: 'customerId', Value: `b64_${Buffer.from('ana.novak@corp:eu_1').toString('base64url')}` }]);
    for (const tag of encoded ?? []) expect(tag.Value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
  });

  it('round-trips tag values and refuses values it cannot have produced', () => {
    for (const id of ['c-123', 'ana.novak@corp:eu_1', 'c_1', 'b64_x', 'Ž-1']) expect(decodeTagValue(encodeTagValue(id) as string)).toBe(id);
    expect(decodeTagValue('c_1')).toBeUndefined();
    expect(decodeTagValue('b64_!!')).toBeUndefined();
    expect(encodeTagValue('é'.repeat(200))).toBeUndefined();
  });

  it('turns throttling into a retryable error', async () => {
    sesMock.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } }));
    await expect(sender.send(marketing)).rejects.toBeInstanceOf(ProviderRetryableError);
  });

  it('turns an illegal recipient address into a permanent address error', async () => {
    sesMock.on(SendEmailCommand).rejects(new BadRequestException({ message: 'Illegal address', $metadata: { httpStatusCode: 400 } }));
    await expect(sender.send(marketing)).rejects.toBeInstanceOf(ProviderPermanentAddressError);
  });

  it('turns a rejected (sandbox) message into a configuration error without the address in its message', async () => {
    sesMock
      .on(SendEmailCommand)
      .rejects(new MessageRejected({ message: 'Email address is not verified. The following identities failed the check: ana@example.com', $metadata: {} }));
    const err = await sender.send(marketing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderConfigurationError);
    expect((err as Error).message).not.toContain('ana@example.com');
  });
});

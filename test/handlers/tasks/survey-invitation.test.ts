import '../../support/quiet-runtime';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as deliver } from '../../../functions/handlers/deliver-message';
import { STEP_SIGNALS, type DeliverMessageResult } from '../../../contracts/payloads';
import { surveyOf } from '../../../functions/services/survey-links';
import { SURVEY_VALID_DAYS } from '../../../functions/services/survey-open';
import { profile } from '../../support/adapter-fixtures';
import { invoke, startTaskHarness, type TaskHarness } from '../../support/task-harness';

let h: TaskHarness;
beforeAll(async () => {
  h = await startTaskHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.ses.reset();
  h.ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  h.setNow('2026-11-23T10:00:00.000Z');
});

const executionOf = (customerId: string) => `arn:aws:states:eu-central-1:123456789012:execution:post-resolution:${customerId}`;
const invite = (customerId: string, extra: Record<string, unknown> = {}) =>
  invoke<DeliverMessageResult>(deliver, 'deliver-message', {
    executionId: executionOf(customerId),
    message: { customerId, journey: 'post-resolution', step: 'survey-invitation', topic: 'surveys', category: 'service', template: 'survey_invitation', vars: { incidentId: 'INC-7' } },
    opensSurvey: true,
    endIfSuppressed: true,
    ...extra,
  });
const sentHtml = (n: number) => h.ses.commandCalls(SendEmailCommand)[n]!.args[0].input.Content?.Simple?.Body?.Html?.Data ?? '';

describe('deliver-message with opensSurvey: the invitation opens its survey in the same task', () => {
  it('opens the execution\'s survey, links to it, and answers its id — never its token', async () => {
    await h.deps.profiles.putProfile(profile('inv-1'));
    const outcome = await invite('inv-1');
    const { token, surveyId } = await surveyOf(executionOf('inv-1'));
    expect(outcome).toMatchObject({ outcome: 'sent', channel: 'email', surveyId });
    expect(JSON.stringify(outcome)).not.toContain(token);
    expect(await h.deps.surveys.get(token)).toMatchObject({
      customerId: 'inv-1',
      surveyId,
      execution: executionOf('inv-1'),
      expiresAt: new Date(Date.parse('2026-11-23T10:00:00.000Z') + SURVEY_VALID_DAYS * 86_400_000).toISOString(),
    });
    expect(sentHtml(0)).toContain(`/surveys/${token}`);
  });

  it('finds the same survey when the step is retried, and the send claim answers the retry', async () => {
    await h.deps.profiles.putProfile(profile('inv-2'));
    const first = await invite('inv-2');
    h.setNow('2026-11-23T10:01:00.000Z');
    const retry = await invite('inv-2');
    expect(retry.surveyId).toBe(first.surveyId);
    expect(retry).toMatchObject({ outcome: 'sent', delivery: { duplicate: true } });
    // Opened once: the expiry counts from the first attempt.
    const { token } = await surveyOf(executionOf('inv-2'));
    expect((await h.deps.surveys.get(token)).expiresAt).toBe(new Date(Date.parse('2026-11-23T10:00:00.000Z') + SURVEY_VALID_DAYS * 86_400_000).toISOString());
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('raises Message.Suppressed for a customer who opted out of surveys (the journey ends in `Not asked`)', async () => {
    await h.deps.profiles.putProfile(profile('inv-3', { consents: { surveys: false } }));
    await expect(invite('inv-3')).rejects.toMatchObject({ name: STEP_SIGNALS.messageSuppressed });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('in park mode, parks the invitation with its survey named, so the replay sends the same link, and answers the survey id', async () => {
    await h.deps.profiles.putProfile(profile('inv-4'));
    const outage = { Error: 'ProviderRetryableError', Cause: JSON.stringify({ errorType: 'ProviderRetryableError', errorMessage: 'email provider failed with TooManyRequestsException' }) };
    const parked = await invite('inv-4', { park: outage });
    const { token, surveyId } = await surveyOf(executionOf('inv-4'));
    expect(parked).toMatchObject({ outcome: 'failed', parked: true, surveyId });
    const [letter] = (await h.deps.deadLetters.parkedMessages()).filter((entry) => entry.customerId === 'inv-4');
    expect(letter?.deliver).toMatchObject({ message: { vars: { incidentId: 'INC-7', surveyId } } });
    expect(letter?.deliver).not.toHaveProperty('opensSurvey');

    const replayed = await invoke<DeliverMessageResult>(deliver, 'deliver-message', letter!.deliver);
    expect(replayed).toMatchObject({ outcome: 'sent', messageId: parked.messageId });
    expect(sentHtml(0)).toContain(`/surveys/${token}`);
  });
});

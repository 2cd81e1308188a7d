/**
 * Journey task: open a CSAT/NPS survey for a customer after an incident. The survey token is the secret in
 * the link; it is derived from the execution (HMAC), so a retried step opens the same survey, not a second.
 */
import { createHmac } from 'node:crypto';
import { ConflictError } from '../domain/errors';
import { OpenSurveyPayload, type OpenSurveyResult } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { config } from './runtime/config';
import { linkSecret } from './runtime/link-secret';
import { dependencies } from './runtime/dependencies';

/**
 * Invitation + reminder waits (2 days each) plus room for a quiet-hours deferral. The link's own expiry is only a
 * backstop: when the journey stops waiting, close-survey closes the survey and later answers get 410.
 */
export const SURVEY_VALID_DAYS = 5;

/** The survey of an execution: token (the link's secret) and id, both derived from the execution id. */
export async function surveyOf(executionId: string): Promise<{ token: string; surveyId: string }> {
  const digest = createHmac('sha256', await linkSecret()).update(`survey\u0000${executionId}`).digest();
  return { token: digest.subarray(0, 18).toString('base64url'), surveyId: `srv-${digest.subarray(18, 26).toString('hex')}` };
}

export const handler = taskHandler('open-survey', OpenSurveyPayload, async ({ customerId, executionId }): Promise<OpenSurveyResult> => {
  const { surveys } = dependencies();
  const { PUBLIC_BASE_URL } = config();
  const { token, surveyId } = await surveyOf(executionId);
  const expiresAt = new Date(clock.now().getTime() + SURVEY_VALID_DAYS * 86_400_000).toISOString();
  let survey;
  try {
    survey = await surveys.create({ token, customerId, surveyId, execution: executionId, expiresAt });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    survey = await surveys.get(token); // a retry of this step: the same survey
  }
  return { surveyId: survey.surveyId, surveyUrl: `${PUBLIC_BASE_URL}/surveys/${token}`, expiresAt: survey.expiresAt };
});

/**
 * Journey task: open a CSAT/NPS survey for a customer after an incident. The survey token is the secret in
 * the link; it is derived from the execution (HMAC), so a retried step opens the same survey, not a second.
 * The result (the execution's `$.survey`) names the survey by id only: the link, with its token, is built when
 * the invitation is sent (services/survey-links.ts) and never enters the execution history.
 */
import { ConflictError } from '../domain/errors';
import { OpenSurveyPayload, type OpenSurveyResult } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { dependencies } from './runtime/dependencies';
import { surveyOf } from '../services/survey-links';
import './runtime/wiring/surveys'; // builds the surveys this module uses (runtime/dependencies.ts)

/**
 * Invitation + reminder waits (2 days each) plus room for a quiet-hours deferral. The link's own expiry is only a
 * backstop: when the journey stops waiting, close-survey closes the survey and later answers get 410.
 */
export const SURVEY_VALID_DAYS = 5;

export const handler = taskHandler('open-survey', OpenSurveyPayload, async ({ customerId, executionId }): Promise<OpenSurveyResult> => {
  const { surveys } = dependencies();
  const { token, surveyId } = await surveyOf(executionId);
  const expiresAt = new Date(clock.now().getTime() + SURVEY_VALID_DAYS * 86_400_000).toISOString();
  let survey;
  try {
    survey = await surveys.create({ token, customerId, surveyId, execution: executionId, expiresAt });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    survey = await surveys.get(token); // a retry of this step: the same survey
  }
  return { surveyId: survey.surveyId, expiresAt: survey.expiresAt };
});

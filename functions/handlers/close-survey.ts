/**
 * Journey task: close the survey when the post-resolution journey stops waiting for its answer. Without this, the
 * link would stay valid until its expiry (a day or more later) and an answer in that gap would be stored and start
 * nothing; closed, it answers 410 `survey_closed` and says so. The survey is found from the execution, as
 * the invitation's step opened it (services/survey-open.ts); closing twice, or closing an answered survey, changes nothing.
 */
import { CloseSurveyPayload } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { dependencies } from './runtime/dependencies';
import { surveyOf } from '../services/survey-links';
import './runtime/wiring/surveys'; // builds the surveys this module uses (runtime/dependencies.ts)

export const handler = taskHandler('close-survey', CloseSurveyPayload, async ({ executionId }): Promise<{ closed: boolean }> => {
  const { token } = await surveyOf(executionId);
  return { closed: await dependencies().surveys.close(token) };
});

/**
 * Opens the CSAT/NPS survey a post-resolution invitation links to. The survey invitation's message step does it
 * itself (deliver-message with `opensSurvey`), right before deciding, so opening costs no state of its own. The
 * token is derived from the execution (services/survey-links.ts), so a retried or re-attempted step finds the same
 * survey instead of opening a second; only its id goes back to the execution (`$.invitation.surveyId`).
 */
import { ConflictError } from '../domain/errors';
import { clock } from '../handlers/runtime/clock';
import { dependencies } from '../handlers/runtime/dependencies';
import { surveyOf } from './survey-links';
import '../handlers/runtime/wiring/surveys'; // builds the surveys this module uses (runtime/dependencies.ts)

/**
 * Invitation + reminder waits (2 days each) plus room for a quiet-hours deferral. The link's own expiry is only a
 * backstop: when the journey stops waiting, close-survey closes the survey and later answers get 410.
 */
export const SURVEY_VALID_DAYS = 5;

/** The survey by id only: the link's token is a secret, built into the message at send time, never kept in state. */
export interface OpenedSurvey {
  surveyId: string;
  expiresAt: string;
}

export async function openSurvey(customerId: string, executionId: string): Promise<OpenedSurvey> {
  const { surveys } = dependencies();
  const { token, surveyId } = await surveyOf(executionId);
  const expiresAt = new Date(clock.now().getTime() + SURVEY_VALID_DAYS * 86_400_000).toISOString();
  try {
    const survey = await surveys.create({ token, customerId, surveyId, execution: executionId, expiresAt });
    return { surveyId: survey.surveyId, expiresAt: survey.expiresAt };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const survey = await surveys.get(token); // a retry, a deferral or a held invitation delivered again: the same survey
    return { surveyId: survey.surveyId, expiresAt: survey.expiresAt };
  }
}

/**
 * The survey link of a post-resolution execution. Its token is the secret that answers the survey, so it must
 * never sit in the execution's state: Step Functions keeps every state's input and output for 90 days and erasure
 * cannot reach them. The state carries only the survey id (`$.invitation.surveyId`); the token is derived from the
 * execution id (HMAC with the link secret) by whoever needs it — the invitation's step to store the survey
 * (survey-open.ts), close-survey to close it, and the message step, which builds the link at send time from the
 * `surveyId` variable.
 */
import { createHmac } from 'node:crypto';
import { executionOrigin } from '../domain/message-id';
import type { TemplateVars } from '../domain/templates/variables';
import { config } from '../handlers/runtime/config';
import { linkSecret } from '../handlers/runtime/link-secret';

/**
 * The survey of an execution: token (the link's secret) and id, both derived from the execution id — the original's
 * for a local restart (`<name>-r<N>`), which resumes the original and sends the link of the survey it opened.
 */
export async function surveyOf(executionId: string): Promise<{ token: string; surveyId: string }> {
  const digest = createHmac('sha256', await linkSecret()).update(`survey\u0000${executionOrigin(executionId)}`).digest();
  return { token: digest.subarray(0, 18).toString('base64url'), surveyId: `srv-${digest.subarray(18, 26).toString('hex')}` };
}

export function surveyUrl(token: string): string {
  return `${config().PUBLIC_BASE_URL}/surveys/${token}`;
}

/**
 * The message's variables with `surveyUrl` added when they name a survey (`surveyId`): the link of the survey this
 * execution opened. A `surveyId` that is not this execution's survey is refused rather than linked — a message
 * must never carry another survey's secret.
 */
export async function withSurveyLink(executionId: string, vars: TemplateVars): Promise<TemplateVars> {
  const surveyId = vars.surveyId;
  if (surveyId === undefined || surveyId === null) return vars;
  const survey = await surveyOf(executionId);
  if (survey.surveyId !== surveyId) throw new Error(`survey ${String(surveyId)} was not opened by this execution; no link is sent`);
  return { ...vars, surveyUrl: surveyUrl(survey.token) };
}

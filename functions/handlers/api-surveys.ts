/**
 * Surveys from their link (`/surveys/{token}`, opened by the invitation's step, services/survey-open.ts; the token is the secret).
 *
 * - `POST /surveys/{token}` `{"score": 0-10, "comment"?}` (JSON, or the page's form post) records the answer on
 *   the survey — once: 409 `already_answered` the second time; 410 `survey_closed` once the journey stopped
 *   waiting (close-survey), so a late answer is told rather than stored to start nothing; 404 for an unknown or
 *   expired token — with the
 *   comment (personal data, erased with the customer through the survey pointer in the customer's collection),
 *   then wakes the post-resolution journey parked on `survey:<surveyId>` with `{answer: {score}}` (or keeps the
 *   answer until it parks; the comment stays on the survey, out of the execution history). Answers `200 {"surveyId", "score"}`, or a thank-you page to a browser.
 * - `GET /surveys/{token}` is where the link in the email or SMS leads: a small accessible page with the 0–10
 *   question that POSTs the answer (GET itself never answers: mail scanners follow links). API clients get
 *   `{"surveyId", "answered", "expiresAt"}`.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from '../domain/zod';
import { NotFoundError, ValidationError } from '../domain/errors';
import { Text } from '../domain/model/primitives';
import { parseOrThrow } from '../domain/validation';
import { waitKeys } from '../../contracts/routes';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { acceptsHtml, headerValue, pathId, readJsonBody, readRawBody, utf8 } from './middleware/request';
import { json } from './middleware/responses';
import { dependencies } from './runtime/dependencies';
import { escapeHtml, htmlPage, withHtmlErrors } from './runtime/html';
import { logger } from './runtime/logger';
import { count } from './runtime/metrics';
import { signal } from '../services/signals';
import './runtime/wiring/surveys'; // builds the surveys this module uses (runtime/dependencies.ts)

export const MAX_SURVEY_BODY_BYTES = 16 * 1024;
const FORM = 'application/x-www-form-urlencoded';

const SCORE_MESSAGE = 'must be a whole number from 0 to 10';
export const SurveyAnswerSchema = z.strictObject({
  score: z.number({ error: SCORE_MESSAGE }).check(z.int(SCORE_MESSAGE), z.gte(0, SCORE_MESSAGE), z.lte(10, SCORE_MESSAGE)),
  comment: z.optional(Text(2000)),
});

/** Survey tokens are URL-safe; anything else cannot be one of ours. */
const TOKEN = /^[A-Za-z0-9._~-]{1,256}$/;

const TITLE = 'Your answer';
const explain = (error: { status: number; code: string; message: string }) =>
  error.status === 404
    ? 'This survey link is not valid any more (surveys close after a few days). Thank you for wanting to answer.'
    : error.code === 'survey_closed'
      ? 'This survey has closed: we are no longer collecting answers to it. Thank you for wanting to answer.'
      : error.code === 'already_answered'
      ? 'You have already answered this survey. Thank you!'
      : error.message;

export const handler = httpHandler(
  byMethod({ GET: withHtmlErrors(showSurvey, TITLE, explain), POST: withHtmlErrors(answerSurvey, TITLE, explain) }),
  // The body is JSON or a form post: parsed by the route.
  { bodyMethods: [] },
);

function tokenOf(event: APIGatewayProxyEvent): string {
  const token = pathId(event, 'token');
  if (!TOKEN.test(token)) throw new NotFoundError('unknown or expired survey');
  return token;
}

async function showSurvey(event: JsonEvent) {
  const survey = await dependencies().surveys.get(tokenOf(event));
  const answered = survey.answeredAt !== undefined;
  if (!acceptsHtml(event)) return json(200, { surveyId: survey.surveyId, answered, expiresAt: survey.expiresAt });
  if (answered) return htmlPage(200, TITLE, `<h1>Thank you</h1>\n<p role="status">You have already answered this survey.</p>`);
  const options = Array.from({ length: 11 }, (_, score) => `<label for="score-${score}"><input type="radio" id="score-${score}" name="score" value="${score}" required>${score}</label>`).join('\n');
  return htmlPage(
    200,
    'How likely are you to recommend us?',
    `<h1>How did we do?</h1>
<form method="post">
<fieldset>
<legend id="question">How likely are you to recommend us to a friend or colleague? 0 means not at all likely, 10 extremely likely.</legend>
<div class="scale" role="radiogroup" aria-labelledby="question">
${options}
</div>
</fieldset>
<p><label for="comment">Anything you would like to tell us? (optional)</label><br>
<textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea></p>
<button type="submit">Send my answer</button>
</form>`,
  );
}

async function answerSurvey(event: JsonEvent) {
  const token = tokenOf(event);
  const answer = parseOrThrow(SurveyAnswerSchema, await readAnswer(event), 'survey answer');
  const comment = answer.comment?.trim() ? answer.comment : undefined;

  const survey = await dependencies().surveys.answer(token, { score: answer.score, ...(comment ? { comment } : {}) });
  count('SurveyAnswers', { score: String(answer.score) });
  try {
    // The score only: the comment is the customer's own words, kept on the survey (erasable), not in the
    // execution history (kept 90 days, out of erasure's reach). No journey step reads it.
    const result = await signal(survey.customerId, waitKeys.survey(survey.surveyId), `answer-${survey.surveyId}`, { answer: { score: answer.score } });
    logger.info('survey answered', { surveyId: survey.surveyId, delivered: result.delivered, pending: result.pending });
  } catch (error) {
    // The answer is recorded; a retry by the customer would only be a 409. The journey's wait times out into
    // its no-answer path, and the alarm on this metric says why.
    logger.error('could not wake the journey waiting for a survey answer', { surveyId: survey.surveyId, error: error as Error });
    count('SurveySignalFailed', {});
  }
  if (acceptsHtml(event)) {
    return htmlPage(200, 'Thank you', `<h1>Thank you</h1>\n<p role="status">Your answer (${escapeHtml(String(answer.score))} out of 10) has been recorded.</p>`);
  }
  return json(200, { surveyId: survey.surveyId, score: answer.score });
}

/** The answer as an object: JSON from API clients, `score=7&comment=…` from the page's form. */
async function readAnswer(event: APIGatewayProxyEvent): Promise<unknown> {
  const contentType = headerValue(event.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== FORM) {
    const body = await readJsonBody(event, { maxBytes: MAX_SURVEY_BODY_BYTES, optional: true });
    if (body === undefined) throw new ValidationError('the request needs a body: {"score": 0-10}', [{ path: '(body)', message: 'required' }]);
    return body;
  }
  const form = new URLSearchParams(utf8(readRawBody(event, { maxBytes: MAX_SURVEY_BODY_BYTES, allowedTypes: [FORM] })));
  const fields = new Map<string, unknown>();
  for (const [key, value] of form) {
    if (fields.has(key)) throw new ValidationError(`the field ${key} is given twice`, [{ path: key, message: 'given twice' }]);
    // A form sends text: a score written in digits is the number; anything else stays text and is refused.
    fields.set(key, key === 'score' && /^\d{1,2}$/.test(value) ? Number(value) : value);
  }
  if (fields.get('comment') === '') fields.delete('comment');
  return Object.fromEntries(fields);
}

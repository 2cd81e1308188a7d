import { startHandlerEnv, type HandlerEnv } from '../support/handler-env';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/keys';
import { handler } from '../../functions/handlers/api-surveys';
import { invoke } from '../support/api-events';

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
});
afterAll(async () => env.close());
beforeEach(async () => {
  env.resetMocks();
  await env.clear();
  env.clock.set('2026-11-23T10:00:00.000Z');
});

const answerSurvey = (token: string, body: unknown) =>
  invoke(handler, { method: 'POST', path: `/surveys/${token}`, resource: '/surveys/{token}', pathParameters: { token }, body });
const invite = (token: string, surveyId = `s-${token}`, customerId = 'c-123') =>
  env.surveys.create({ token, customerId, surveyId, execution: 'post-resolution-e1', expiresAt: '2026-11-30T10:00:00.000Z' });
const signals = () => env.sfnMock.commandCalls(SendTaskSuccessCommand).map((call) => ({ token: call.args[0].input.taskToken, output: JSON.parse(call.args[0].input.output ?? '{}') }));

describe('POST /surveys/{token}', () => {
  it('records the answer with its comment and wakes the journey waiting on survey:<surveyId>', async () => {
    await invite('tok-1', 's-1');
    await env.waits.putWait('c-123', 'survey:s-1', 'task-token-s1', '2026-11-30T10:00:00.000Z');
    const answer = await answerSurvey('tok-1', { score: 3, comment: 'Refund took a week.' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ surveyId: 's-1', score: 3 });
    // The journey gets the score; the comment stays on the survey (erasable), out of the execution history.
    expect(signals()).toEqual([{ token: 'task-token-s1', output: { answer: { score: 3 } } }]);
    const stored = await env.db.docClient.send(new GetCommand({ TableName: env.db.tableName, Key: keys.survey('tok-1') }));
    expect(stored.Item).toMatchObject({ score: 3, comment: 'Refund took a week.', answeredAt: '2026-11-23T10:00:00.000Z' });
  });

  it('keeps the answer for a journey that has not parked yet', async () => {
    await invite('tok-2', 's-2');
    expect((await answerSurvey('tok-2', { score: 10 })).status).toBe(200);
    expect(await env.waits.takePendingSignals('c-123', 'survey:s-2')).toEqual([
      { waitKey: 'survey:s-2', signalId: 'answer-s-2', output: { answer: { score: 10 } } },
    ]);
  });

  it('is a 409 already_answered the second time, and the first answer stands', async () => {
    await invite('tok-3');
    await answerSurvey('tok-3', { score: 9 });
    env.resetMocks();
    const before = await env.snapshot();
    const second = await answerSurvey('tok-3', { score: 0 });
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('already_answered');
    expect(await env.snapshot()).toBe(before);
    expect(env.externalWrites()).toBe(0);
  });

  it('is a 404 for an unknown token', async () => {
    const answer = await answerSurvey('tok-unknown', { score: 5 });
    expect(answer.status).toBe(404);
    expect(answer.json.error.code).toBe('not_found');
    expect(await env.snapshot()).toBe('[]');
  });

  it('is a 404 for an expired survey, and nothing is written', async () => {
    await invite('tok-late');
    env.clock.set('2026-11-30T10:00:01.000Z');
    const before = await env.snapshot();
    const answer = await answerSurvey('tok-late', { score: 5 });
    expect(answer.status).toBe(404);
    expect(await env.snapshot()).toBe(before);
  });

  it('stores the comment as personal data of the customer: erasure removes it', async () => {
    await invite('tok-erase', 's-erase', 'c-erase');
    await answerSurvey('tok-erase', { score: 1, comment: 'My name is Ana Nováková.' });
    await env.erasure.eraseCustomer('c-erase');
    expect(await env.snapshot()).not.toContain('Nováková');
  });

  it('takes the answer as a form post from the survey page and thanks the customer with a page', async () => {
    await invite('tok-form', 's-form');
    const answer = await invoke(handler, {
      method: 'POST',
      path: '/surveys/tok-form',
      pathParameters: { token: 'tok-form' },
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'score=7&comment=Fixed+quickly%2C+thanks%21',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('7 out of 10');
    expect(await env.surveys.get('tok-form')).toMatchObject({ score: 7, comment: 'Fixed quickly, thanks!' });
  });

  it('shows a browser an already-answered survey as a page, with the 409 kept', async () => {
    await invite('tok-twice');
    await answerSurvey('tok-twice', { score: 4 });
    const again = await invoke(handler, {
      method: 'POST',
      path: '/surveys/tok-twice',
      pathParameters: { token: 'tok-twice' },
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'score=9',
    });
    expect(again.status).toBe(409);
    expect(again.body).toContain('already answered');
  });
});

describe('GET /surveys/{token}', () => {
  const open = (token: string, headers: Record<string, string> = { accept: 'text/html' }) =>
    invoke(handler, { method: 'GET', path: `/surveys/${token}`, pathParameters: { token }, headers });

  it('shows the link target: an accessible 0-10 question that posts, and answers nothing itself', async () => {
    await invite('tok-page');
    const before = await env.snapshot();
    const page = await open('tok-page');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('<form method="post">');
    for (let score = 0; score <= 10; score++) {
      expect(page.body).toContain(`<label for="score-${score}"><input type="radio" id="score-${score}" name="score" value="${score}" required>${score}</label>`);
    }
    expect(page.body).toContain('<label for="comment">');
    expect(await env.snapshot()).toBe(before);
    expect(env.externalWrites()).toBe(0);
  });

  it('answers API clients with the survey state', async () => {
    await invite('tok-state', 's-state');
    expect((await open('tok-state', {})).json).toEqual({ surveyId: 's-state', answered: false, expiresAt: '2026-11-30T10:00:00.000Z' });
    await answerSurvey('tok-state', { score: 8 });
    expect((await open('tok-state', {})).json.answered).toBe(true);
    expect((await open('tok-state')).body).toContain('already answered');
  });

  it('is a 404 page for an unknown or expired link', async () => {
    const page = await open('tok-nope');
    expect(page.status).toBe(404);
    expect(page.body).toContain('not valid any more');
  });
});

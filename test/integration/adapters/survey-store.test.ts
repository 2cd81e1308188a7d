import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSurveyStore, type NewSurvey } from '../../../functions/adapters/survey-store';
import { ConflictError, GoneError, NotFoundError } from '../../../functions/domain/errors';
import { manualClock } from '../../support/adapter-fixtures';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

let db: DynaliteHandle;
const clock = manualClock('2026-11-23T10:00:00.000Z');
let surveys: DynamoSurveyStore;

const invitation = (token: string, expiresAt = '2026-11-30T10:00:00+01:00'): NewSurvey => ({
  token,
  customerId: 'c-123',
  surveyId: 'nps-INC-42',
  execution: 'arn:aws:states:eu-central-1:123456789012:execution:post-resolution:exec-1',
  taskToken: 'task-token-abc',
  expiresAt,
});

beforeAll(async () => {
  db = await startDynalite();
  surveys = new DynamoSurveyStore(db.docClient, { tableName: db.tableName, clock: clock.now });
});
afterAll(async () => db.close());

describe('surveys', () => {
  it('are created and read back with the task token that resumes the journey', async () => {
    const created = await surveys.create(invitation('tok-1'));
    expect(created).toMatchObject({ token: 'tok-1', taskToken: 'task-token-abc', expiresAt: '2026-11-30T09:00:00.000Z', createdAt: '2026-11-23T10:00:00.000Z' });
    expect(await surveys.get('tok-1')).toEqual(created);
  });

  it('refuse a second invitation with the same token', async () => {
    await surveys.create(invitation('tok-dup'));
    await expect(surveys.create(invitation('tok-dup'))).rejects.toMatchObject({ status: 409, code: 'survey_exists' });
  });

  it('are answered once; the second answer is a 409 already_answered', async () => {
    await surveys.create(invitation('tok-2'));
    const answered = await surveys.answer('tok-2', { score: 3 });
    expect(answered).toMatchObject({ score: 3, answeredAt: '2026-11-23T10:00:00.000Z', taskToken: 'task-token-abc' });

    const second = surveys.answer('tok-2', { score: 10 });
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(surveys.answer('tok-2', { score: 10 })).rejects.toMatchObject({ status: 409, code: 'already_answered' });
    expect((await surveys.get('tok-2')).score).toBe(3);
  });

  it('keep the comment with the answer', async () => {
    await surveys.create(invitation('tok-comment'));
    expect(await surveys.answer('tok-comment', { score: 2, comment: 'Slow refund.' })).toMatchObject({ score: 2, comment: 'Slow refund.' });
    await surveys.create(invitation('tok-no-comment'));
    expect(await surveys.answer('tok-no-comment', { score: 9, comment: '' })).not.toHaveProperty('comment');
  });

  it('take exactly one of two simultaneous answers', async () => {
    await surveys.create(invitation('tok-race'));
    const results = await Promise.allSettled([surveys.answer('tok-race', { score: 9 }), surveys.answer('tok-race', { score: 1 })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('are 404 when the token is unknown', async () => {
    await expect(surveys.get('tok-unknown')).rejects.toBeInstanceOf(NotFoundError);
    await expect(surveys.answer('tok-unknown', { score: 5 })).rejects.toMatchObject({ status: 404 });
  });

  it('are 404 once expired, for reading and for answering', async () => {
    const local = manualClock('2026-11-23T10:00:00.000Z');
    const timed = new DynamoSurveyStore(db.docClient, { tableName: db.tableName, clock: local.now });
    await timed.create(invitation('tok-late', '2026-11-24T10:00:00.000Z'));
    local.set('2026-11-24T10:00:01.000Z');
    await expect(timed.get('tok-late')).rejects.toBeInstanceOf(NotFoundError);
    await expect(timed.answer('tok-late', { score: 8 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('once closed unanswered, refuse reading and answering with 410 survey_closed; closing is idempotent', async () => {
    await surveys.create(invitation('tok-closed'));
    expect(await surveys.close('tok-closed')).toBe(true);
    expect(await surveys.close('tok-closed')).toBe(false);
    await expect(surveys.get('tok-closed')).rejects.toBeInstanceOf(GoneError);
    await expect(surveys.answer('tok-closed', { score: 9 })).rejects.toMatchObject({ status: 410, code: 'survey_closed' });
    const stored = await db.docClient.send(new GetCommand({ TableName: db.tableName, Key: { pk: 'SURVEY#tok-closed', sk: 'SURVEY' } }));
    expect(stored.Item).toMatchObject({ closedAt: '2026-11-23T10:00:00.000Z' });
    expect(stored.Item?.score).toBeUndefined();
  });

  it('leave an answered survey answered when closed, and close nothing for an unknown token', async () => {
    await surveys.create(invitation('tok-kept'));
    await surveys.answer('tok-kept', { score: 6 });
    expect(await surveys.close('tok-kept')).toBe(false);
    expect(await surveys.get('tok-kept')).toMatchObject({ score: 6, answeredAt: '2026-11-23T10:00:00.000Z' });
    expect((await surveys.get('tok-kept')).closedAt).toBeUndefined();
    expect(await surveys.close('tok-nobody')).toBe(false);
  });
});

describe('the survey invitation claim (one invitation per customer per spacing window)', () => {
  const claim = (customerId: string, messageId: string, at: string, journey = 'post-resolution') => ({ customerId, messageId, journey, at });

  it('gives exactly one of two simultaneous claims, and names the holder to the other', async () => {
    const at = '2026-11-24T09:00:00.000Z';
    const since = '2026-10-25T09:00:00.000Z';
    const answers = await Promise.all([surveys.claimInvitation(claim('c-race', 'm-incident', at), since), surveys.claimInvitation(claim('c-race', 'm-crisis', at), since)]);
    expect(answers.filter((a) => a.claimed)).toHaveLength(1);
    const lost = answers.find((a) => !a.claimed);
    const winner = answers[0]!.claimed ? 'm-incident' : 'm-crisis';
    expect(lost).toEqual({ claimed: false, holder: claim('c-race', winner, at) });
    const stored = await db.docClient.send(new GetCommand({ TableName: db.tableName, Key: { pk: 'CUSTOMER#c-race', sk: 'INVITATION#survey' } }));
    expect(stored.Item).toMatchObject(claim('c-race', winner, at));
  });

  it('lets the holder claim again (a retried step), others only once the window has passed it', async () => {
    await surveys.claimInvitation(claim('c-window', 'm-1', '2026-11-01T09:00:00.000Z'), '2026-10-02T09:00:00.000Z');
    expect(await surveys.claimInvitation(claim('c-window', 'm-1', '2026-11-01T09:05:00.000Z'), '2026-10-02T09:05:00.000Z')).toEqual({ claimed: true });
    // 30 days later to the millisecond: the claim at 09:05 is at the window's edge, still inside (`at > since` counts).
    expect(await surveys.claimInvitation(claim('c-window', 'm-2', '2026-12-01T09:04:59.999Z'), '2026-11-01T09:04:59.999Z')).toEqual({
      claimed: false,
      holder: claim('c-window', 'm-1', '2026-11-01T09:05:00.000Z'),
    });
    expect(await surveys.claimInvitation(claim('c-window', 'm-2', '2026-12-01T09:05:00.000Z'), '2026-11-01T09:05:00.000Z')).toEqual({ claimed: true });
  });

  it('is per customer', async () => {
    const at = '2026-11-24T09:00:00.000Z';
    expect(await surveys.claimInvitation(claim('c-one', 'm-a', at), '2026-10-25T09:00:00.000Z')).toEqual({ claimed: true });
    expect(await surveys.claimInvitation(claim('c-two', 'm-b', at), '2026-10-25T09:00:00.000Z')).toEqual({ claimed: true });
  });
});

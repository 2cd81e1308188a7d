import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../functions/domain/model/message';
import { surveyAskedRecently } from '../../../functions/domain/rules/survey-invitation';

const NOW = new Date('2026-12-20T10:00:00.000Z');
const entry = (overrides: Partial<LedgerEntry>): LedgerEntry => ({
  messageId: 'm-earlier',
  journey: 'post-resolution',
  step: 'survey-invitation',
  template: 'survey_invitation',
  category: 'service',
  topic: 'surveys',
  outcome: 'sent',
  channel: 'email',
  at: '2026-12-01T10:00:00.000Z',
  ...overrides,
});
const invitation = { messageId: 'm-now', template: 'survey_invitation' as const };

describe('one survey invitation per customer per 30 days', () => {
  it('suppresses an invitation within the window, naming when the customer was asked', () => {
    expect(surveyAskedRecently([entry({})], 30, invitation, NOW)).toEqual({
      code: 'frequency_cap',
      reason: 'suppressed: one survey invitation per 30 days, and this customer was invited on 2026-12-01 (post-resolution journey)',
    });
    // Deferred (quiet hours) counts: it is on its way.
    expect(surveyAskedRecently([entry({ outcome: 'deferred' })], 30, invitation, NOW)).toMatchObject({ code: 'frequency_cap' });
  });

  it('allows one after the window, or when the earlier one was not sent, or is this very message', () => {
    expect(surveyAskedRecently([entry({ at: '2026-11-20T09:59:59.000Z' })], 30, invitation, NOW)).toBeUndefined();
    expect(surveyAskedRecently([entry({ outcome: 'suppressed' }), entry({ outcome: 'failed' })], 30, invitation, NOW)).toBeUndefined();
    expect(surveyAskedRecently([entry({ messageId: 'm-now' })], 30, invitation, NOW)).toBeUndefined();
    expect(surveyAskedRecently([entry({ template: 'survey_reminder' })], 30, invitation, NOW)).toBeUndefined();
  });

  it('the window is the policy\'s: 10 days lets the same customer be asked again', () => {
    expect(surveyAskedRecently([entry({})], 10, invitation, NOW)).toBeUndefined();
  });

  it('applies to invitations only: reminders and other messages pass', () => {
    expect(surveyAskedRecently([entry({})], 30, { messageId: 'm-now', template: 'survey_reminder' }, NOW)).toBeUndefined();
    expect(surveyAskedRecently([entry({})], 30, { messageId: 'm-now', template: 'welcome' }, NOW)).toBeUndefined();
  });
});

/**
 * What providers tell us about an address (functions/domain/rules/provider-feedback.ts): STOP/START in an SMS
 * reply, and whether a bounce or complaint names the customer's current email.
 */
import { describe, expect, it } from 'vitest';
import { emailStillCurrent, keywordOf } from '../../../functions/domain/rules/provider-feedback';

describe('SMS keywords', () => {
  it.each([
    [{ messageKeyword: 'stop' }, { kind: 'stop', word: 'STOP' }],
    [{ messageKeyword: ' Unsubscribe ' }, { kind: 'stop', word: 'UNSUBSCRIBE' }],
    [{ messageBody: 'Stop sending me these' }, { kind: 'stop', word: 'STOP' }],
    [{ messageBody: '  opt-out please' }, { kind: 'stop', word: 'OPT-OUT' }],
    [{ messageBody: 'stopall' }, { kind: 'stop', word: 'STOPALL' }],
    [{ messageBody: 'quit.' }, { kind: 'stop', word: 'QUIT' }],
    [{ messageBody: 'Cancel' }, { kind: 'stop', word: 'CANCEL' }],
    [{ messageBody: 'end' }, { kind: 'stop', word: 'END' }],
    [{ messageBody: 'optout' }, { kind: 'stop', word: 'OPTOUT' }],
    [{ messageBody: 'revoke' }, { kind: 'stop', word: 'REVOKE' }],
    [{ messageKeyword: 'start', messageBody: 'anything at all' }, { kind: 'start', word: 'START' }],
    [{ messageBody: 'START' }, { kind: 'start', word: 'START' }],
    [{ messageBody: ' start! ' }, { kind: 'start', word: 'START' }],
    [{ messageBody: 'Start.' }, { kind: 'start', word: 'START' }],
    [{ messageBody: 'unstop\n' }, { kind: 'start', word: 'UNSTOP' }],
    [{ messageBody: 'start. !' }, { kind: 'start', word: 'START' }],
  ])('%j → %j', (sms, keyword) => {
    expect(keywordOf(sms)).toEqual(keyword);
  });

  it('a STOP keyword wins over a START body, and the keyword field over the body', () => {
    expect(keywordOf({ messageKeyword: 'STOP', messageBody: 'START' })).toEqual({ kind: 'stop', word: 'STOP' });
    expect(keywordOf({ messageKeyword: 'END', messageBody: 'QUIT' })).toEqual({ kind: 'stop', word: 'END' });
    expect(keywordOf({ messageKeyword: 'START', messageBody: 'UNSTOP' })).toEqual({ kind: 'start', word: 'START' });
  });

  it.each([
    [{}],
    [{ messageBody: '' }],
    [{ messageBody: 'Hello' }],
    [{ messageBody: 'stopwatch' }],
    // START only as the whole message: a complaint that begins with the word is not an opt-in.
    [{ messageBody: 'Start of my complaint' }],
    [{ messageBody: 'STAR T' }],
    [{ messageBody: 'restart' }],
    // The first word is the one at the start: a STOP later in the message is not the keyword.
    [{ messageBody: '123 STOP' }],
    [{ messageBody: 'please stop' }],
    [{ messageKeyword: 'HELP' }],
  ])('%j is neither', (sms) => {
    expect(keywordOf(sms)).toBeUndefined();
  });
});

describe('email feedback', () => {
  const profile = { email: 'Ana@Example.com' };

  it('concerns the customer when it names no address', () => {
    expect(emailStillCurrent(profile, [])).toBe(true);
    expect(emailStillCurrent({ email: null }, [])).toBe(true);
  });

  it("concerns the customer when one address is the current one, whatever the case, spacing or display name", () => {
    expect(emailStillCurrent(profile, ['ana@example.com'])).toBe(true);
    expect(emailStillCurrent(profile, [' ANA@EXAMPLE.COM '])).toBe(true);
    expect(emailStillCurrent(profile, ['"Ana K." <ana@example.com>'])).toBe(true);
    expect(emailStillCurrent(profile, ['old@example.com', 'Ana <ANA@example.com>'])).toBe(true);
    expect(emailStillCurrent({ email: 'Ana <ana@example.com>' }, ['ana@example.com'])).toBe(true);
  });

  it('does not concern a customer whose address changed since, or who has none', () => {
    expect(emailStillCurrent(profile, ['old@example.com'])).toBe(false);
    expect(emailStillCurrent(profile, ['Ana <old@example.com>'])).toBe(false);
    expect(emailStillCurrent(profile, ['<>ana@example.com'])).toBe(false);
    expect(emailStillCurrent({ email: null }, ['ana@example.com'])).toBe(false);
    expect(emailStillCurrent({ email: '' }, [''])).toBe(false);
  });
});

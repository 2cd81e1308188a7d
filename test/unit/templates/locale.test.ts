import { describe, expect, it } from 'vitest';
import { localeChain, resolveLocale } from '../../../functions/domain/templates';

describe('resolveLocale picks the nearest translation we have', () => {
  it.each([
    ['sk', 'sk'],
    ['sk-SK', 'sk'],
    ['cs', 'cs'],
    ['cs-CZ', 'cs'],
    ['hu', 'hu'],
    ['hu-HU', 'hu'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['en-US', 'en'],
    ['de', 'en'],
    ['de-AT', 'en'],
    ['xx', 'en'],
    ['SK_sk', 'sk'],
    [' hu ', 'hu'],
    ['', 'en'],
    ['not a locale!', 'en'],
    ['sk-u-ca-gregory', 'sk'],
  ])('%j → %s', (requested, expected) => {
    expect(resolveLocale(requested)).toBe(expected);
  });

  it('prefers an exact regional translation when one exists', () => {
    expect(resolveLocale('en-GB', ['en', 'en-GB'])).toBe('en-GB');
    expect(resolveLocale('en-gb', ['en', 'en-GB'])).toBe('en-GB');
    expect(resolveLocale('en-US', ['en', 'en-GB'])).toBe('en');
  });

  it('falls back Slovak → Czech and Czech → Slovak before English, Hungarian straight to English', () => {
    expect(resolveLocale('sk', ['en', 'cs'])).toBe('cs');
    expect(resolveLocale('sk-SK', ['en', 'cs'])).toBe('cs');
    expect(resolveLocale('cs', ['en', 'sk'])).toBe('sk');
    expect(resolveLocale('hu', ['en', 'sk', 'cs'])).toBe('en');
    expect(resolveLocale('sk', ['en'])).toBe('en');
  });

  it('follows a configured chain instead of the default one', () => {
    expect(resolveLocale('de', ['en', 'cs'], { de: ['cs'] })).toBe('cs');
    expect(resolveLocale('sk', ['en', 'cs'], {})).toBe('en');
  });

  it('still answers when English is not available', () => {
    expect(resolveLocale('de', ['sk', 'cs'])).toBe('sk');
  });
});

describe('localeChain lists the tags tried, in order', () => {
  it.each([
    ['sk', ['sk', 'cs', 'en']],
    ['sk-SK', ['sk-SK', 'sk', 'cs', 'en']],
    ['cs', ['cs', 'sk', 'en']],
    ['hu-HU', ['hu-HU', 'hu', 'en']],
    ['en-GB', ['en-GB', 'en']],
    ['de', ['de', 'en']],
    ['xx', ['xx', 'en']],
    ['zh-Hant-TW', ['zh-Hant-TW', 'zh-Hant', 'zh', 'en']],
    ['!!', ['en']],
  ])('%s → %j', (requested, expected) => {
    expect(localeChain(requested)).toEqual(expected);
  });
});

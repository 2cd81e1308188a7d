import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_KEYS } from '../../../functions/domain/model/message';
import { renderMessage, smsSegments, SUPPORTED_LOCALES, type SmsSegments } from '../../../functions/domain/templates';
import { documentedVars } from './fixtures';

describe('smsSegments counts parts as GSM 03.38 does', () => {
  const a = (n: number) => 'a'.repeat(n);
  const z = (n: number) => 'ž'.repeat(n);

  it.each([
    { name: 'empty text', text: '', encoding: 'GSM-7', units: 0, segments: 0 },
    { name: 'plain ASCII', text: 'Hello', encoding: 'GSM-7', units: 5, segments: 1 },
    { name: 'exactly 160 GSM-7 characters', text: a(160), encoding: 'GSM-7', units: 160, segments: 1 },
    { name: '161 GSM-7 characters', text: a(161), encoding: 'GSM-7', units: 161, segments: 2 },
    { name: '306 GSM-7 characters (two full parts)', text: a(306), encoding: 'GSM-7', units: 306, segments: 2 },
    { name: '307 GSM-7 characters', text: a(307), encoding: 'GSM-7', units: 307, segments: 3 },
    { name: 'euro sign (extension table)', text: '€', encoding: 'GSM-7', units: 2, segments: 1 },
    { name: 'square bracket (extension table)', text: '[', encoding: 'GSM-7', units: 2, segments: 1 },
    { name: 'caret (extension table)', text: '^', encoding: 'GSM-7', units: 2, segments: 1 },
    { name: 'every extension character', text: '^{}\\[~]|€\f', encoding: 'GSM-7', units: 20, segments: 1 },
    { name: '80 euro signs fill one part', text: '€'.repeat(80), encoding: 'GSM-7', units: 160, segments: 1 },
    { name: '81 euro signs need two', text: '€'.repeat(81), encoding: 'GSM-7', units: 162, segments: 2 },
    { name: 'an escape pair is not split across parts', text: `${a(152)}€${a(152)}`, encoding: 'GSM-7', units: 306, segments: 3 },
    { name: 'German umlauts and é are in the basic set', text: 'äöüÄÖÜßé', encoding: 'GSM-7', units: 8, segments: 1 },
    { name: 'Greek capitals of the basic set', text: 'ΔΦΓΛΩΠΨΣΘΞ', encoding: 'GSM-7', units: 10, segments: 1 },
    { name: 'line breaks', text: 'a\r\nb\n', encoding: 'GSM-7', units: 5, segments: 1 },
    { name: 'Slovak diacritics', text: 'Dobrý deň', encoding: 'UCS-2', units: 9, segments: 1 },
    { name: 'Hungarian ő', text: 'ő', encoding: 'UCS-2', units: 1, segments: 1 },
    { name: 'a backtick is not GSM-7', text: '`', encoding: 'UCS-2', units: 1, segments: 1 },
    { name: 'en dash is not GSM-7', text: '0–10', encoding: 'UCS-2', units: 4, segments: 1 },
    { name: 'exactly 70 UCS-2 characters', text: z(70), encoding: 'UCS-2', units: 70, segments: 1 },
    { name: '71 UCS-2 characters', text: z(71), encoding: 'UCS-2', units: 71, segments: 2 },
    { name: '134 UCS-2 characters (two full parts)', text: z(134), encoding: 'UCS-2', units: 134, segments: 2 },
    { name: '135 UCS-2 characters', text: z(135), encoding: 'UCS-2', units: 135, segments: 3 },
    { name: 'an emoji is two UTF-16 units', text: '😀', encoding: 'UCS-2', units: 2, segments: 1 },
    { name: 'one emoji turns ASCII into UCS-2', text: `${a(69)}😀`, encoding: 'UCS-2', units: 71, segments: 2 },
    { name: '35 emoji fill one part', text: '😀'.repeat(35), encoding: 'UCS-2', units: 70, segments: 1 },
    { name: 'a surrogate pair is not split across parts', text: `${z(66)}😀${z(66)}`, encoding: 'UCS-2', units: 134, segments: 3 },
  ])('$name', ({ text, encoding, units, segments }) => {
    expect(smsSegments(text)).toEqual({ encoding, units, segments });
  });

  it('counts every basic-set character as one septet', () => {
    const basic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
    expect([...basic]).toHaveLength(127); // 128 code points minus the escape to the extension table
    expect(smsSegments(basic)).toEqual({ encoding: 'GSM-7', units: 127, segments: 1 });
  });
});

describe('every SMS template fits one part with realistic variables', () => {
  const rows: Array<SmsSegments & { locale: string; template: string; spare: number; text: string }> = [];

  beforeAll(async () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (const template of TEMPLATE_KEYS) {
        // All documented variables: the longest a template gets (all_clear with its post-mortem link, say).
        const { text } = await renderMessage({ template, locale, channel: 'sms', vars: documentedVars(template, locale), category: 'service' });
        const count = smsSegments(text);
        const limit = count.encoding === 'GSM-7' ? 160 : 70;
        rows.push({ locale, template, ...count, spare: limit - count.units, text });
      }
    }
  });

  it('reports the counts', () => {
    console.table(rows.map(({ text: _text, ...row }) => row));
    expect(rows).toHaveLength(TEMPLATE_KEYS.length * SUPPORTED_LOCALES.length);
  });

  it('never needs more than two parts, in any locale', () => {
    expect(rows.filter((row) => row.segments > 2)).toEqual([]);
  });

  it('fits English in one GSM-7 part', () => {
    expect(rows.filter((row) => row.locale === 'en' && (row.segments !== 1 || row.encoding !== 'GSM-7'))).toEqual([]);
  });

  it('fits Slovak, Czech and Hungarian in one UCS-2 part (shorten the translation if this fails)', () => {
    expect(rows.filter((row) => row.segments !== 1).map(({ locale, template, units, text }) => ({ locale, template, units, text }))).toEqual([]);
  });
});

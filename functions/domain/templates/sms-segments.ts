/**
 * How many SMS parts a text costs (GSM 03.38 / 3GPP TS 23.038). Every part is billed, and a text that
 * spills into a second part can arrive split or out of order, so templates are written to fit one part.
 *
 * - GSM-7 when every character is in the basic set or the extension table; extension characters (€ [ ] { } ^ ~ | \
 *   and form feed) take an escape plus the character: two septets. One part holds 160 septets; a
 *   concatenated message gives 7 septets of each part to the user data header, leaving 153.
 * - Otherwise UCS-2 (in practice UTF-16): 70 code units in one part, 67 per part when concatenated. Characters
 *   outside the BMP (most emoji) are two code units.
 * Neither an escape pair nor a surrogate pair is split across parts (handsets would show garbage), so parts are
 * packed character by character rather than by dividing the total.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text. */
  units: number;
  /** Parts the text is sent as; 0 for an empty text (nothing is sent). */
  segments: number;
}

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

export function smsSegments(text: string): SmsSegments {
  // Iterating a string yields code points, so a surrogate pair stays one (2-unit) character.
  const characters = [...text];
  const gsm = characters.every((c) => BASIC.has(c) || EXTENSION.has(c));
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  const sizes = characters.map((c) => (gsm ? (EXTENSION.has(c) ? 2 : 1) : c.length));
  const units = sizes.reduce((sum, size) => sum + size, 0);
  return { encoding, units, segments: countParts(sizes, units, LIMITS[encoding]) };
}

/** True when `text` goes out as a single part. */
export function fitsOneSms(text: string): boolean {
  return smsSegments(text).segments <= 1;
}

function countParts(sizes: readonly number[], units: number, limit: { single: number; part: number }): number {
  if (units === 0) return 0;
  if (units <= limit.single) return 1;
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limit.part) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}

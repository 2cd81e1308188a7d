/**
 * PII never reaches a log line: every string logged passes through here, and anything shaped like an email
 * address or a phone number is replaced. Masking at the serializer, not at each call site, is what makes the
 * guarantee hold for log lines nobody has written yet.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// E.164 and the common written forms: +421 900 123 456, (0900) 123-456 — seven or more digits with separators.
const PHONE = /(?<![\w-])\+?\(?\d[\d\s().-]{6,}\d(?![\w-])/g;
// Long digit runs without separators that are ids, timestamps or counts are not phone numbers; keep them
// unless they start with "+" (E.164).
const BARE_DIGITS = /^\d+$/;

export function maskPii(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, (match) => (BARE_DIGITS.test(match) ? match : '[phone]'));
}

/** A JSON.stringify replacer that masks every string value. */
export function piiMaskingReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? maskPii(value) : value;
}

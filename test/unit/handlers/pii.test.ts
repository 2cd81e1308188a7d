import { describe, expect, it } from 'vitest';
import { maskPii, piiMaskingReplacer } from '../../../functions/handlers/runtime/pii';

describe('PII masking in logs', () => {
  it.each([
    ['send to ana.novak+news@example.co.uk failed', 'send to [email] failed'],
    ['SMS to +421900123456 throttled', 'SMS to [phone] throttled'],
    ['call +1 (202) 555-0100 back', 'call [phone] back'],
    ['phone 0900 123 456', 'phone [phone]'],
  ])('masks %j', (input, expected) => {
    expect(maskPii(input)).toBe(expected);
  });

  it.each([
    ['execution onboarding-evt-1 at 2026-11-23T10:00:00.000Z'],
    ['version 12 of crisis k-1, 1700000000 ms'],
    ['messageId 66b03f888e754801450a64d2-tips'],
  ])('leaves ids, instants and counts alone: %j', (input) => {
    expect(maskPii(input)).toBe(input);
  });

  it('masks every string of a structured log item, however deep', () => {
    const item = { message: 'bounce', detail: { to: ['ana@example.com'], phone: '+421900123456', attempts: 3 } };
    expect(JSON.parse(JSON.stringify(item, piiMaskingReplacer))).toEqual({ message: 'bounce', detail: { to: ['[email]'], phone: '[phone]', attempts: 3 } });
  });
});

describe('the handlers logger', () => {
  it('writes no email address or phone number, whatever a log call passes it', async () => {
    const { logger } = await import('../../../functions/handlers/runtime/logger');
    const lines: string[] = [];
    const streams = [process.stdout, process.stderr] as const;
    const writes = streams.map((stream) => stream.write.bind(stream));
    for (const stream of streams) {
      stream.write = ((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      }) as typeof stream.write;
    }
    const level = logger.getLevelName();
    try {
      logger.setLogLevel('INFO');
      logger.info('sending to ana@example.com', { phone: '+421900123456', nested: { cc: 'bob@example.org' } });
      logger.error('failed', { error: new Error('address ana@example.com rejected') });
    } finally {
      logger.setLogLevel(level);
      streams.forEach((stream, i) => (stream.write = writes[i]!));
    }
    const output = lines.join('');
    expect(output).toContain('sending to [email]');
    expect(output).toContain('address [email] rejected');
    expect(output).not.toMatch(/@example\.(com|org)|\+421900123456/);
  });
});

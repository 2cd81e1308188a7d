/**
 * The size of the bad-input corpus, per surface: printed, and held to issue 8's "at least 150 cases" on top of
 * the handler-level corpus (test/handlers/bad-input.test.ts), which it does not count.
 */
import { describe, expect, it } from 'vitest';
import { DELIVERY_CASES, PUT_EVENTS_CASES } from './bus.cases';
import { CLI_CASES } from './cli.cases';
import { ACCEPTED_CASES, REFUSED_CASES } from './hostile-strings.cases';
import { HTTP_CASES } from './http.cases';
import { reportCount } from './support';
import { HOSTILE_TEXT_CASES, INVALID_LINK_CASES, MISSING_CASES } from './templates.cases';

const SURFACES: Record<string, number> = {
  'HTTP through the runtime server': HTTP_CASES.length,
  'bus: PutEvents entries and requests': PUT_EVENTS_CASES.length,
  'bus: malformed deliveries to route-event': DELIVERY_CASES.length,
  'CLI arguments and input files': CLI_CASES.length,
  'templates: missing variables, bad links, liquid/HTML in values': MISSING_CASES.length + INVALID_LINK_CASES.length + HOSTILE_TEXT_CASES.length,
  'hostile strings: accepted, checked in the sent email': ACCEPTED_CASES.length,
  'hostile strings: refused at the API': REFUSED_CASES.length,
};

describe('the bad-input corpus across the external surface', () => {
  it('has at least 150 cases beyond the handler-level corpus, on every surface', () => {
    for (const [surface, count] of Object.entries(SURFACES)) {
      reportCount(surface, count);
      expect(count, surface).toBeGreaterThanOrEqual(9);
    }
    const total = Object.values(SURFACES).reduce((sum, count) => sum + count, 0);
    reportCount('total', total);
    expect(total).toBeGreaterThanOrEqual(150);
  });

  it('names what every case guards, once per surface', () => {
    const named: [string, string[]][] = [
      ['http', HTTP_CASES.map((c) => `${c.method} ${c.path.slice(0, 60)} ${c.guards}`)],
      ['bus', [...PUT_EVENTS_CASES, ...DELIVERY_CASES].map((c) => c.guards)],
      ['cli', CLI_CASES.map((c) => c.guards)],
      ['templates', [...MISSING_CASES, ...INVALID_LINK_CASES, ...HOSTILE_TEXT_CASES].map((c) => c.guards)],
      ['hostile', [...ACCEPTED_CASES, ...REFUSED_CASES].map((c) => c.guards)],
    ];
    for (const [surface, names] of named) {
      expect(names.filter((name) => name.trim().length < 8), surface).toEqual([]);
      expect(names.filter((name, index) => names.indexOf(name) !== index), `${surface}: repeated cases`).toEqual([]);
    }
  });
});

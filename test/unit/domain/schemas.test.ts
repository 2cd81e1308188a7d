import { describe, expect, it } from 'vitest';
import { CrisisDeclarationSchema, EventSchema, executionView, ProfileSchema, parseOrThrow, ValidationError } from '../../../functions/domain';

const issuesOf = (schema: Parameters<typeof parseOrThrow>[0], value: unknown) => {
  try {
    parseOrThrow(schema, value, 'input');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).toBody().error.issues!;
  }
  throw new Error('expected a validation error');
};

const event = (overrides: Record<string, unknown>) => ({
  id: 'evt-1',
  type: 'incident.opened',
  occurredAt: '2026-11-23T10:00:00Z',
  source: 'support-desk',
  customerId: 'c-123',
  data: { incidentId: 'INC-42', severity: 'critical', title: 'Card payments failing' },
  ...overrides,
});

describe('profile schema', () => {
  it('accepts the contract example and fills defaults', () => {
    const profile = ProfileSchema.parse({ customerId: 'c-123', email: 'ana@example.com', phone: '+421900123456', locale: 'sk', timeZone: 'Europe/Bratislava' });
    expect(profile).toMatchObject({ segment: {}, consents: {}, channelPreferences: ['email', 'push', 'sms'], lifecycle: 'new' });
  });

  it.each([
    [{ email: 'not-an-email' }, 'email', 'must be a valid email address'],
    [{ phone: '0900 123 456' }, 'phone', 'must be an E.164 phone number, e.g. +421900123456'],
    [{ locale: 'not a locale' }, 'locale', 'must be a BCP 47 language tag, e.g. sk or en-GB'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'must be an IANA time zone name, e.g. Europe/Bratislava'],
    [{ channelPreferences: ['email', 'email'] }, 'channelPreferences', 'must not repeat a channel'],
    [{ channelPreferences: ['fax'] }, 'channelPreferences[0]', undefined],
    [{ consents: { offers: 'yes' } }, 'consents.offers', undefined],
    [{ name: 'Ana\r\nBcc: x@example.com' }, 'name', 'must be a single line'],
    [{ favourite: 'blue' }, 'favourite', 'unknown field'],
    [{ quietHours: { start: '25:00', end: '08:00' } }, 'quietHours.start', 'must be HH:MM in 24-hour time'],
  ])('refuses %j at %s', (patch, path, message) => {
    const issues = issuesOf(ProfileSchema, { customerId: 'c-1', ...patch });
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    if (message) expect(issue!.message).toBe(message);
  });
});

describe('event schema', () => {
  it('accepts every contract event type', () => {
    const examples = [
      event({ type: 'customer.signed_up', data: {} }),
      event({ type: 'customer.activated', data: undefined }),
      event({ type: 'customer.churned', data: {} }),
      event({ type: 'customer.unsubscribed', data: { topic: 'offers', channel: 'sms' } }),
      event({}),
      event({ type: 'incident.updated', data: { incidentId: 'INC-42', message: 'Still investigating' } }),
      event({ type: 'incident.resolved', data: { incidentId: 'INC-42' } }),
      event({ type: 'survey.responded', data: { surveyId: 's-1', score: 9 } }),
    ];
    for (const example of examples) expect(EventSchema.safeParse(example).success, JSON.stringify(example)).toBe(true);
  });

  it.each(['customer.signed_up', 'customer.activated', 'customer.churned'])('%s carries no data: personal data is refused, however large', (type) => {
    const personal = { email: 'ana@example.com', phone: '+421900123456', password: 'hunter2', notes: 'x'.repeat(236 * 1024) };
    const issues = issuesOf(EventSchema, event({ type, data: personal }));
    expect(issues).toEqual(['email', 'phone', 'password', 'notes'].map((field) => ({ path: `data.${field}`, message: 'unknown field' })));
  });

  it('keeps ids and branch fields for executions, never a survey comment', () => {
    const answered = EventSchema.parse(event({ type: 'survey.responded', data: { surveyId: 's-1', score: 2, comment: 'call me on +421900123456' } }));
    expect(executionView(answered)).toEqual({ ...answered, data: { surveyId: 's-1', score: 2 } });
    const opened = EventSchema.parse(event({}));
    expect(executionView(opened)).toEqual(opened);
  });

  it.each([
    [event({ type: 'incident.exploded' }), 'type', 'unknown event type'],
    [event({ data: { incidentId: 'INC-42', severity: 'catastrophic', title: 'x' } }), 'data.severity', 'expected one of'],
    [event({ data: { incidentId: 'INC-42', severity: 'critical' } }), 'data.title', ''],
    [event({ occurredAt: 'yesterday' }), 'occurredAt', 'ISO 8601'],
    [event({ customerId: '' }), 'customerId', 'must not be empty'],
    [event({ type: 'survey.responded', data: { surveyId: 's', score: 11 } }), 'data.score', ''],
    [event({ type: 'survey.responded', data: { surveyId: 's', score: 7.5 } }), 'data.score', ''],
  ])('refuses a malformed event at %s', (value, path, fragment) => {
    const issues = issuesOf(EventSchema, value);
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toContain(fragment);
  });
});

describe('crisis declaration schema', () => {
  const declaration = { severity: 'sev1', headline: 'Payments outage', message: { en: 'Card payments are failing.', sk: 'Platby kartou zlyhávajú.' }, affected: { all: true } };

  it('accepts the contract example and a segment audience', () => {
    expect(CrisisDeclarationSchema.safeParse(declaration).success).toBe(true);
    expect(CrisisDeclarationSchema.safeParse({ ...declaration, affected: { region: ['eu-central'] }, statusPageUrl: 'https://status.example.com/x', cadenceMinutes: 30 }).success).toBe(true);
  });

  it.each([
    [{ severity: 'sev0' }, 'severity'],
    [{ message: { sk: 'len po slovensky' } }, 'message'],
    [{ affected: {} }, 'affected'],
    [{ affected: { region: [] } }, 'affected.region'],
    [{ cadenceMinutes: 1 }, 'cadenceMinutes'],
    [{ statusPageUrl: 'javascript:alert(1)' }, 'statusPageUrl'],
    [{ statusPageUrl: 'http://status.example.com/x' }, 'statusPageUrl'],
    [{ headline: 'Outage\nBcc: everyone' }, 'headline'],
  ])('refuses %j', (patch, path) => {
    const issues = issuesOf(CrisisDeclarationSchema, { ...declaration, ...patch });
    expect(issues.map((i) => i.path)).toContain(path);
  });
});

/**
 * Named errors of the template layer. They extend the domain's JourneysError so handlers map them to the
 * API error shape like any other domain error; errors.ts itself stays shared and untouched.
 */
import { JourneysError } from '../errors';

/** A template needs a variable the caller did not pass (or passed empty): nothing is sent half-rendered. */
export class TemplateVariableMissingError extends JourneysError {
  readonly code = 'template_variable_missing';
  readonly status = 400;

  constructor(
    readonly template: string,
    readonly locale: string,
    readonly variable: string,
  ) {
    super(`template "${template}" (locale ${locale}) needs the variable "${variable}", which is missing or empty`, [
      { path: `vars.${variable}`, message: `required by template ${template}` },
    ]);
  }
}

/** A variable is present but unusable, e.g. a link that is not an http(s) URL (no `javascript:` hrefs). */
export class TemplateVariableInvalidError extends JourneysError {
  readonly code = 'template_variable_invalid';
  readonly status = 400;

  constructor(
    readonly template: string,
    readonly locale: string,
    readonly variable: string,
    problem: string,
  ) {
    super(`template "${template}" (locale ${locale}): variable "${variable}" ${problem}`, [{ path: `vars.${variable}`, message: problem }]);
  }
}

export type InvalidTokenReason = 'malformed' | 'bad_signature' | 'expired' | 'not_yet_valid';

/**
 * An unsubscribe token that cannot be trusted. The message says why (useful in logs and to the caller) but
 * never echoes the token, which would let a log reader replay it.
 */
export class InvalidUnsubscribeTokenError extends JourneysError {
  readonly code = 'invalid_token';
  readonly status = 400;

  constructor(readonly reason: InvalidTokenReason) {
    super(`invalid unsubscribe token: ${REASON_TEXT[reason]}`);
  }
}

const REASON_TEXT: Record<InvalidTokenReason, string> = {
  malformed: 'it is malformed',
  bad_signature: 'its signature does not match',
  expired: 'it has expired',
  not_yet_valid: 'it was issued in the future',
};

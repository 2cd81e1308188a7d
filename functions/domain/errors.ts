/**
 * Named errors with the API's error shape (docs/api.md). Handlers map them to HTTP statuses in one place
 * (functions/handlers/middleware/http-errors.ts); the domain only says what went wrong.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: FieldIssue[] };
}

export abstract class JourneysError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly issues: FieldIssue[] | undefined;

  constructor(message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = new.target.name;
    this.issues = issues;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export class ValidationError extends JourneysError {
  readonly code = 'validation_failed';
  readonly status = 400;
  constructor(message: string, issues: FieldIssue[]) {
    super(message, issues);
  }
}

export class NotFoundError extends JourneysError {
  readonly code = 'not_found';
  readonly status = 404;
}

export class ConflictError extends JourneysError {
  readonly code: string;
  readonly status = 409;
  constructor(message: string, code = 'conflict') {
    super(message);
    this.code = code;
  }
}

/** Something that existed and is over for good (a survey the journey stopped waiting for). */
export class GoneError extends JourneysError {
  readonly code: string;
  readonly status = 410;
  constructor(message: string, code = 'gone') {
    super(message);
    this.code = code;
  }
}

export class StaleVersionError extends JourneysError {
  readonly code = 'stale_version';
  readonly status = 412;
  constructor(readonly currentVersion: number, given: number | string) {
    super(`version ${given} is stale: the crisis record is at version ${currentVersion}; reload it and retry with If-Match: ${currentVersion}`);
  }
}

export class PreconditionRequiredError extends JourneysError {
  readonly code = 'precondition_required';
  readonly status = 428;
}

export class UnauthorizedError extends JourneysError {
  readonly code = 'unauthorized';
  readonly status = 401;
}

export class ForbiddenError extends JourneysError {
  readonly code = 'forbidden';
  readonly status = 403;
}

export class PayloadTooLargeError extends JourneysError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends JourneysError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
}

/**
 * An error answered in an AWS protocol's own format (`__type` in JSON, `<Code>` in Query XML), so the SDK on the
 * other side raises the exception of that name. `code` is the service's error code, `status` the HTTP status the
 * service uses for it.
 */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

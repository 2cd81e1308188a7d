/** asl-validator 4 ships no types; the part the engine uses. */
declare module 'asl-validator' {
  interface AslValidationResult {
    isValid: boolean;
    errors: unknown[];
    errorsText(separator?: string): string;
  }
  function validator(definition: unknown, options?: { checkArn?: boolean; checkPaths?: boolean }): AslValidationResult;
  export = validator;
}

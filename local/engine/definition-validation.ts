/**
 * CreateStateMachine's definition check: JSON, then asl-validator (schema, transitions, unique state names,
 * paths and ARNs), then what the local engine cannot run. asl-validator builds a fresh Ajv instance per call
 * (~0.3 s), so outcomes are cached per definition text: the runtime re-registers the same journeys on every
 * start, and tests create the same fixtures many times.
 */
import aslValidator from 'asl-validator';
import { InvalidDefinition } from './errors';
import type { AslDefinition } from './types';

const outcomes = new Map<string, string | undefined>();

/** Parses and validates a definition; throws InvalidDefinition with the validator's messages. */
export function validateDefinition(text: string): AslDefinition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidDefinition(`Invalid State Machine Definition: '${(error as Error).message}'`);
  }
  if (!outcomes.has(text)) {
    // The validator annotates the object it checks (QueryLanguage on every state): give it a copy.
    const validation = aslValidator(structuredClone(parsed), { checkArn: true, checkPaths: true });
    outcomes.set(text, validation.isValid ? undefined : validation.errorsText('; '));
  }
  const problems = outcomes.get(text);
  if (problems !== undefined) throw new InvalidDefinition(`Invalid State Machine Definition: '${problems}'`);
  return parsed as AslDefinition;
}

/** Helpers to walk synthesized ASL definitions in tests. */
import { createRequire } from 'node:module';
import type { AslDefinition } from '../../infra/definitions';

export type State = Record<string, unknown> & { Type: string };

interface AslValidation {
  isValid: boolean;
  errors: unknown[];
  errorsText(separator?: string): string;
}

/** asl-validator 4 (CommonJS, untyped): `validator(definition, { checkPaths, checkArn })`. */
const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }) => AslValidation;

export function validateAsl(definition: AslDefinition): AslValidation {
  // The validator annotates what it checks (QueryLanguage on every state): give it a copy.
  return aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
}

/** The states a state can go to next: Next, Default, every Choice rule and every Catch. */
export function successors(state: State): string[] {
  const next: string[] = [];
  if (typeof state.Next === 'string') next.push(state.Next);
  if (typeof state.Default === 'string') next.push(state.Default);
  for (const rule of (state.Choices ?? []) as { Next?: string }[]) if (rule.Next) next.push(rule.Next);
  for (const c of (state.Catch ?? []) as { Next: string }[]) next.push(c.Next);
  return next;
}

/** Every state reachable from StartAt (top level; Map/Parallel branches are their own machines). */
export function reachable(definition: AslDefinition): Set<string> {
  const seen = new Set<string>();
  const queue = [definition.StartAt];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const state = definition.States[name] as State | undefined;
    if (!state) throw new Error(`transition to missing state ${name}`);
    queue.push(...successors(state));
  }
  return seen;
}

/** Shortest path of state names from `from` to `to` (inclusive), or undefined. */
export function pathBetween(definition: AslDefinition, from: string, to: string, avoid: ReadonlySet<string> = new Set()): string[] | undefined {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (name === to) {
      const path: string[] = [];
      for (let at: string | null | undefined = to; at; at = previous.get(at)) path.unshift(at);
      return path;
    }
    for (const next of successors(definition.States[name] as State)) {
      if (previous.has(next) || avoid.has(next)) continue;
      previous.set(next, name);
      queue.push(next);
    }
  }
  return undefined;
}

export const statesOf = (definition: AslDefinition): [string, State][] => Object.entries(definition.States) as [string, State][];

/** Every state at any depth, with its name: the top level, then each Map iteration's and Parallel branch's, recursively. */
export function nestedStates(scope: { States: Record<string, unknown> }): [string, State][] {
  return (Object.entries(scope.States) as [string, State][]).flatMap(([name, state]) => {
    const inner = [state.ItemProcessor ?? state.Iterator, ...((state.Branches as unknown[] | undefined) ?? [])].filter(Boolean) as { States: Record<string, unknown> }[];
    return [[name, state] as [string, State], ...inner.flatMap(nestedStates)];
  });
}

/** The states of a Map state's iteration (ItemProcessor, or the older Iterator). */
export function iterationOf(map: State): AslDefinition {
  const processor = (map.ItemProcessor ?? map.Iterator) as AslDefinition | undefined;
  if (!processor) throw new Error('not a Map state');
  return processor;
}

/** The catalog function a Task invokes (payloadResponseOnly ARN, or the FunctionName of an integration). */
export function taskFunction(state: State): string | undefined {
  const resource = String(state.Resource ?? '');
  const arn = resource.includes(':function:') ? resource : String((state.Parameters as { FunctionName?: string } | undefined)?.FunctionName ?? '');
  return /:function:([^:]+)$/.exec(arn)?.[1];
}

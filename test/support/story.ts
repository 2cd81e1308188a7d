/**
 * A story told over one runtime, in stages: a test starts from the stage it needs (`await story.reach('updated')`),
 * and the stages before it run first, once each. Run in order, the file runs every stage once, as before; run alone
 * (`vitest run <file> -t "<name>"`), a test sets up what it needs instead of relying on what earlier tests left.
 *
 * A stage does the story's actions and returns what its tests assert on; the assertions stay in the tests.
 */
export interface Story<Stages extends Record<string, () => Promise<unknown>>> {
  /** Runs the stages up to and including `stage` that have not run yet, in order; resolves with `stage`'s result. */
  reach<Name extends keyof Stages & string>(stage: Name): Promise<Awaited<ReturnType<Stages[Name]>>>;
}

export function story<Stages extends Record<string, () => Promise<unknown>>>(stages: Stages): Story<Stages> {
  const order = Object.keys(stages);
  const results = new Map<string, Promise<unknown>>();
  async function reach<Name extends keyof Stages & string>(stage: Name): Promise<Awaited<ReturnType<Stages[Name]>>> {
    for (const name of order.slice(0, order.indexOf(stage) + 1)) {
      if (!results.has(name)) results.set(name, stages[name]!());
      await results.get(name);
    }
    return (await results.get(stage)) as Awaited<ReturnType<Stages[Name]>>;
  }
  return { reach };
}

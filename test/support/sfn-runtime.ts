/**
 * The runtime's Step Functions endpoint as an ops script or the console reaches it: `@aws-sdk/client-sfn` pointed at
 * the runtime's URL (any SigV4 credentials are accepted locally), one attempt so a refused call is seen as it is.
 *
 * ```ts
 * const t = useSfnRuntime();                 // beforeAll: a runtime (no data dir) and a client; afterAll: both gone
 * await t.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: t.runtime.stateMachineArns.onboarding }));
 * ```
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll } from 'vitest';
import { startTestRuntime, type TestRuntime } from './runtime';

export function sfnClientFor(endpoint: string): SFNClient {
  return new SFNClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'any' }, maxAttempts: 1 });
}

export interface SfnRuntime {
  /** Available inside tests (after beforeAll). */
  readonly runtime: TestRuntime;
  readonly sfn: SFNClient;
}

/** One runtime per test file, with a Step Functions client on its endpoint; both stopped after the file. */
export function useSfnRuntime(): SfnRuntime {
  let runtime: TestRuntime | undefined;
  let sfn: SFNClient | undefined;
  beforeAll(async () => {
    runtime = await startTestRuntime({ dataDir: null });
    sfn = sfnClientFor(runtime.url);
  });
  afterAll(async () => {
    sfn?.destroy();
    await runtime?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSfnRuntime: the runtime starts in beforeAll; use it inside a test');
    return value;
  };
  return {
    get runtime() {
      return started(runtime);
    },
    get sfn() {
      return started(sfn);
    },
  };
}

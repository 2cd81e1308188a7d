/**
 * Builds the CDK app: the Journeys stack, checked by cdk-nag's AWS Solutions pack (v3: a policy validation
 * plugin, so findings fail `cdk synth` unless acknowledged with a reason). Used by infra/app.ts (the CDK CLI),
 * the infra tests and scripts/graph.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { REPO_ROOT } from './constructs/journey-functions';
import { cdkJsonContext, CONTEXT } from './context';
import { JourneysStack, type JourneysStackProps } from './journeys-stack';

export const STACK_NAME = 'Journeys';

export interface JourneysAppOptions {
  /** Context (the CLI passes cdk.json and -c values itself; tests and scripts pass them here). */
  readonly context?: Record<string, unknown>;
  /** Register cdk-nag's AwsSolutionsChecks (default true). */
  readonly nag?: boolean;
  readonly outdir?: string;
  readonly stackProps?: JourneysStackProps;
}

export function createJourneysApp(options: JourneysAppOptions = {}): { app: App; stack: JourneysStack; nag?: AwsSolutionsChecks } {
  const app = new App({ ...(options.context ? { context: options.context } : {}), ...(options.outdir ? { outdir: options.outdir } : {}) });
  const stack = new JourneysStack(app, STACK_NAME, {
    description: 'Journeys: serverless journey orchestration for customer communication',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    ...options.stackProps,
  });
  if (options.nag === false) return { app, stack };
  const nag = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(nag);
  return { app, stack, nag };
}

/**
 * The app as `cdk synth` would build it from cdk.json, without what changes no state machine and costs seconds:
 * bundling (a stub asset per function) and cdk-nag.
 */
export function offlineAppOptions(outdir: string, stackProps?: JourneysStackProps): JourneysAppOptions {
  return { context: { ...cdkJsonContext(REPO_ROOT), [CONTEXT.bundling]: false }, nag: false, outdir, ...(stackProps ? { stackProps } : {}) };
}

/** Synthesizes the app offline into a temporary directory (the repository's cdk.out is left alone): its template. */
export function synthesizeTemplate(stackProps?: JourneysStackProps): unknown {
  const outdir = mkdtempSync(join(tmpdir(), 'journeys-synth-'));
  try {
    const { app, stack } = createJourneysApp(offlineAppOptions(outdir, stackProps));
    return app.synth().getStackArtifact(stack.artifactId).template as unknown;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

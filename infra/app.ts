/** CDK app entry (cdk.json: `npx tsx infra/app.ts`). */
import { createJourneysApp } from './journeys-app';

createJourneysApp().app.synth();

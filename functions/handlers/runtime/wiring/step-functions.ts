/** `sfn` and `executions` (Step Functions through its adapter, built on `sfn`, so a replaced client is the one it uses). */
import { JourneyExecutions } from '../../../adapters/journey-executions';
import { createSfnClient } from '../../../adapters/sfn-client';
import { provide } from './registry';

provide('sfn', (_, env) => createSfnClient(env));
provide('executions', (deps) => new JourneyExecutions(deps.sfn));

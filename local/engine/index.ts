/** The local Step Functions engine: public surface. */
export { LocalStepFunctions, type LocalStepFunctionsOptions } from './local-step-functions';
export { VirtualClock, type ClockMode, type VirtualClockOptions } from './virtual-clock';
export { loadTemplate, loadTemplateFile, loadCdkOut, deriveJourneyName, type LoadedStateMachine, type LoadedTemplate, type TemplateLoadOptions } from './template-loader';
export { localFunctionArn, LOCAL_SCOPE, parseQualifiedStateMachineArn } from './arns';
export { revisionIdOf } from './versions';
export * from './errors';
export type * from './types';

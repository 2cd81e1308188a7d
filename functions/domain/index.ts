/** The domain's public surface: schemas, the decision engine, templates. No AWS SDK below this folder. */
export * from './model/primitives';
export * from './model/profile';
export * from './model/event';
export * from './model/crisis';
export * from './model/suppression';
export * from './model/message';
export * from './errors';
export * from './validation';
export * from './policy';
export * from './decide';
export { audienceIncludes, crisisAffecting } from './rules/audience';
export { nextBestAction, surveyGroup, DETRACTOR_COOLDOWN_DAYS, NPS_BOUNDS, type FollowUp, type SurveyGroup } from './rules/next-best-action';
export { messageIdFor } from './message-id';

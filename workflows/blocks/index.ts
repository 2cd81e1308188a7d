export * from './scope';
export * from './tasks';
export * from './message-step';
export * from './wait-for-event';
export * from './exit-check';
export * from './deliver-step';

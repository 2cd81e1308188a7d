/** The adapters' public surface: the table layout, the stores, the delivery senders and their wiring. */
export * from './table-definition';
export * from './keys';
export * from './customer-store';
export * from './crisis-store';
export * from './event-dedup';
export * from './survey-store';
export * from './provider-errors';
export * from './email-sender';
export * from './sms-sender';
export * from './push-sender';
export * from './clients';
export * from './experiment-store';

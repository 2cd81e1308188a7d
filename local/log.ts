/**
 * The runtime's own console output (start-up banner, restarts, dead letters). Handlers log through Powertools;
 * this is only for what the person running `npm start` needs to see. Never pass personal data here: event ids,
 * route ids, execution names and counts only.
 */
export interface RuntimeLog {
  info(message: string): void;
  warn(message: string): void;
}

export function consoleLog(quiet: boolean): RuntimeLog {
  return {
    info: (message) => {
      if (!quiet) console.log(message);
    },
    // Warnings are what a quiet runtime still owes its user (something was parked in the dead-letter queue…).
    warn: (message) => console.warn(`[journeys] ${message}`),
  };
}

export const silentLog: RuntimeLog = { info: () => undefined, warn: () => undefined };

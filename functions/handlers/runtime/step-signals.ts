/**
 * The rare ways out of a journey task, thrown as errors named as STEP_SIGNALS says: Lambda reports the error's
 * `name` as the function error type, Step Functions matches it in the step's Catch (the local engine does the
 * same), and the common path of the step needs no Choice after the task.
 *
 * Each signal is counted (metric `StepSignals`, dimension `function`) before it is thrown: the function's
 * Errors alarm subtracts them, so a deferral or an exit never pages anyone.
 */
import { STEP_SIGNALS, type DeliverMessageDeferral, type DeliverMessageHeld } from '../../../contracts/payloads';
import { logger } from './logger';
import { count } from './metrics';

export const STEP_SIGNALS_METRIC = 'StepSignals';

class StepSignal extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
    // A routing signal, not a failure: no stack to carry into the execution history.
    this.stack = `${name}: ${message}`;
  }
}

/** The customer left the journey: the Catch ends it, the reason in the Cause. */
export function journeyExited(fn: string, reason: string): Error {
  logger.info('journey exit', { reason });
  count(STEP_SIGNALS_METRIC, { function: fn });
  return new StepSignal(STEP_SIGNALS.journeyExited, reason);
}

/** The message waits until `sendAt`: the Catch goes to a Wait and delivers again with `attempt`. */
export function messageDeferred(fn: string, deferral: DeliverMessageDeferral): Error {
  count(STEP_SIGNALS_METRIC, { function: fn });
  return new StepSignal(STEP_SIGNALS.messageDeferred, JSON.stringify(deferral));
}

/** The message is held (journey paused, marketing frozen): the Catch parks it until the resume releases it. */
export function messageHeld(fn: string, held: DeliverMessageHeld): Error {
  count(STEP_SIGNALS_METRIC, { function: fn });
  return new StepSignal(STEP_SIGNALS.messageHeld, JSON.stringify(held));
}

/** The message was suppressed and its step ends the journey (`endIfSuppressed`): the Catch ends it, the reasons in the Cause. */
export function messageSuppressed(fn: string, reasons: readonly string[]): Error {
  count(STEP_SIGNALS_METRIC, { function: fn });
  return new StepSignal(STEP_SIGNALS.messageSuppressed, reasons.join('; '));
}

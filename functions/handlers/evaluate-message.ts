/**
 * Journey task: decide about one message. Loads the customer's item collection (one Query) and the crisis
 * record (cached), runs the decision engine, records the decision in the ledger, and returns it to the state
 * machine, which waits, sends or moves on according to its outcome (services/evaluate.ts).
 */
import type { Decision } from '../domain/model/message';
import { EvaluateMessagePayload } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { evaluate } from '../services/evaluate';

export const handler = taskHandler('evaluate-message', EvaluateMessagePayload, async (payload): Promise<Decision> => (await evaluate(payload)).decision);

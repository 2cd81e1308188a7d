/** GET /health: the deployed API answers like the local runtime, on the real clock (time scale 1). */
import { httpHandler, byMethod } from './middleware/http-handler';
import { json } from './middleware/responses';
import { clock } from './runtime/clock';

export const handler = httpHandler(byMethod({ GET: async () => json(200, { status: 'ok', timeScale: 1, now: clock.now().toISOString() }) }));

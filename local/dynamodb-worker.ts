/**
 * dynalite in a worker thread, listening on its own private port: the runtime's option for load tests
 * (`startRuntime({ dynamoOffThread: true })`, used by `npm run bench:crisis`). In process, every DynamoDB request
 * of a handler costs the one event loop dynalite's request parsing, its LevelDB work and the HTTP server around
 * it; in a worker they run on another core, in parallel with the handlers.
 *
 * The worker's code is plain JavaScript evaluated from a string: it only needs dynalite (CommonJS), and a
 * TypeScript worker would need the tsx loader in every worker the process (or vitest) starts.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface DynaliteWorker {
  /** `http://127.0.0.1:<port>` of dynalite in the worker. */
  readonly url: string;
  /** Closes dynalite (and its LevelDB) and ends the worker. */
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const dynalite = require(workerData.dynalite);
const server = dynalite(workerData.options);
server.once('error', (error) => parentPort.postMessage({ error: error.message }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  server.close(() => parentPort.postMessage({ closed: true }));
});
`;

export async function startDynaliteWorker(options: { path?: string }): Promise<DynaliteWorker> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      dynalite: createRequire(import.meta.url).resolve('dynalite'),
      options: { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path ? { path: options.path } : {}) },
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { port?: number; error?: string }) => (message.port ? resolve(message.port) : reject(new Error(`dynalite worker: ${message.error}`))));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      // dynalite closes its LevelDB when its server closes: wait for that before ending the thread.
      await new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage('close');
      });
      await worker.terminate();
    },
  };
}

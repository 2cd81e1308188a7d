/**
 * Email: aws-ses-v2-local (an SES v2 emulator with a web inbox) in process on `SES_PORT`. Its web UI at `sesUrl`
 * is the inbox people open; `GET <sesUrl>/store` is the JSON tests read.
 *
 * The emulator keeps emails in a module-level array, which would lose them on every restart and leak them into
 * the next runtime of the same process. So the runtime owns that array's lifecycle: cleared at start, refilled
 * from `<dataDir>/emails.jsonl`, and each email the SES proxy saw accepted is appended there. An email sent before
 * a restart is still in the inbox after it (and a journey restarted after an interruption does not send it again:
 * the message ids survive).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Email } from 'aws-ses-v2-local/dist/store';
import { refusalOf } from './http/request-guard';
import { JsonlLog } from './jsonl';

export type StoredEmail = Email;

interface EmulatorModule {
  default: (config?: { host?: string; port?: number }) => Promise<Server>;
}
interface StoreModule {
  clearStore(): void;
  getStoreReadonly(): { emails: Email[] };
}

const require = createRequire(import.meta.url);

/** What a user or a test reads: the emulator's own store, over its HTTP API. */
export interface Inbox {
  /** The web inbox. */
  readonly url: string;
  emails(): Promise<StoredEmail[]>;
  clear(): Promise<void>;
}

export interface SesEmulator {
  readonly url: string;
  readonly inbox: Inbox;
  /** Records an email the emulator accepted (by its MessageId) so it survives a restart. */
  persist(messageId: string): void;
  /** Removes the emails matching `predicate` from the inbox and its file (a customer's erasure); answers how many. */
  forget(predicate: (email: StoredEmail) => boolean): number;
  close(): Promise<void>;
}

export async function startSesEmulator(options: { host: string; port: number; emailsFile?: string }): Promise<SesEmulator> {
  const store = require('aws-ses-v2-local/dist/store') as StoreModule;
  const persisted = new JsonlLog<StoredEmail>(options.emailsFile);
  store.clearStore();
  store.getStoreReadonly().emails.push(...persisted.all());

  const start = (require('aws-ses-v2-local') as EmulatorModule).default;
  const server = await listen(start, options.host, options.port);
  guard(server, options.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;

  const inbox: Inbox = {
    url,
    emails: async () => {
      const response = await fetch(`${url}/store`);
      if (!response.ok) throw new Error(`the SES emulator answered ${response.status} to GET /store`);
      return ((await response.json()) as { emails: StoredEmail[] }).emails;
    },
    clear: async () => {
      await fetch(`${url}/clear-store`, { method: 'POST' });
      persisted.rewrite([]);
    },
  };
  return {
    url,
    inbox,
    persist: (messageId) => {
      const email = store.getStoreReadonly().emails.find((candidate) => candidate.messageId === messageId);
      if (email) persisted.append(email);
    },
    forget: (predicate) => {
      // The emulator's store is a module-level array its web UI reads: removed in place, so the UI forgets too.
      const emails = store.getStoreReadonly().emails;
      let removed = 0;
      for (let index = emails.length - 1; index >= 0; index -= 1) {
        if (predicate(emails[index]!)) {
          emails.splice(index, 1);
          removed += 1;
        }
      }
      const kept = persisted.all().filter((email) => !predicate(email));
      if (kept.length !== persisted.all().length) persisted.rewrite(kept);
      return removed;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The module-level store would otherwise keep every email of this runtime until the next one starts.
        store.clearStore();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The inbox holds every email the runtime sent — survey links with their tokens, signed unsubscribe links — and the
 * emulator answers anyone who reaches its port, so the runtime's own request guard (http/request-guard.ts) goes in
 * front of it: a DNS-rebinding page (a non-loopback `Host`) cannot read the store, and another site's page cannot
 * clear it or send through it. The emulator is an Express app listening on `request`; its listeners run only for
 * requests the guard lets through.
 */
function guard(server: Server, boundHost: string): void {
  const listeners = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const refusal = refusalOf(request, boundHost);
    if (refusal) {
      response.writeHead(refusal.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
      return;
    }
    for (const listener of listeners) listener.call(server, request, response);
  });
}

/**
 * The emulator's factory resolves even when listening failed (Express 5 hands the error to its callback, which
 * ignores it): a server that is not listening means the port was taken.
 */
async function listen(start: EmulatorModule['default'], host: string, port: number): Promise<Server> {
  const server = await start({ host, port });
  if (!server.listening || server.address() === null) {
    server.close();
    throw new Error(`SES_PORT ${port} on ${host} is not available (in use?): set SES_PORT to a free port, or 0 to pick one`);
  }
  return server;
}

/**
 * Email: aws-ses-v2-local (an SES v2 emulator with a web inbox) in process on `SES_PORT`. Its web UI at `sesUrl`
 * is the inbox people open; `GET <sesUrl>/store` is the JSON tests read.
 *
 * The emulator keeps emails in a module-level array, which would lose them on every restart and leak them into
 * the next runtime of the same process. So the runtime owns that array's lifecycle: cleared at start, refilled
 * from `<dataDir>/emails.jsonl`, and each email the SES proxy saw accepted is appended there. An email sent before
 * a restart is still in the inbox after it (and a journey restarted after an interruption does not send it again:
 * the message ids survive).
 *
 * With a data directory the file is the whole inbox and the emulator's array keeps only the newest
 * `EMULATOR_INBOX_LIMIT` emails (what its web UI shows): every email sent stays on disk, but a long-running runtime
 * does not hold them all in memory (the 2,000-customer soak sends about 10,000 emails of up to 20 kB each).
 * `inbox.emails()` then reads the file. Memory only (no data directory), the array is the inbox and keeps them all.
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

/** Emails the emulator's web inbox keeps in memory when the data directory holds them all. */
export const EMULATOR_INBOX_LIMIT = 200;

export interface SesEmulator {
  readonly url: string;
  readonly inbox: Inbox;
  /** True when no email was ever kept (without reading them). */
  readonly empty: boolean;
  /** Records an email the emulator accepted (by its MessageId) so it survives a restart. */
  persist(messageId: string): void;
  /** Removes the emails matching `predicate` from the inbox and its file (a customer's erasure); answers how many. */
  forget(predicate: (email: StoredEmail) => boolean): number;
  close(): Promise<void>;
}

export async function startSesEmulator(options: { host: string; port: number; emailsFile?: string }): Promise<SesEmulator> {
  const store = require('aws-ses-v2-local/dist/store') as StoreModule;
  const persisted = new JsonlLog<StoredEmail>(options.emailsFile, { inMemory: false });
  const bounded = options.emailsFile !== undefined;
  store.clearStore();
  store.getStoreReadonly().emails.push(...(bounded ? persisted.all().slice(-EMULATOR_INBOX_LIMIT) : persisted.all()));

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
      const held = ((await response.json()) as { emails: StoredEmail[] }).emails;
      if (!bounded) return held;
      // The file has every email the proxy saw accepted; one sent to the emulator directly is only in its array.
      const all = [...persisted.all()];
      const kept = new Set(all.map((email) => email.messageId));
      return [...all, ...held.filter((email) => !kept.has(email.messageId))];
    },
    clear: async () => {
      await fetch(`${url}/clear-store`, { method: 'POST' });
      persisted.rewrite([]);
    },
  };
  return {
    url,
    inbox,
    get empty() {
      return persisted.empty && store.getStoreReadonly().emails.length === 0;
    },
    persist: (messageId) => {
      const emails = store.getStoreReadonly().emails;
      const email = emails.findLast((candidate) => candidate.messageId === messageId);
      if (!email) return;
      persisted.append(email);
      // On disk now: the web inbox keeps the newest only (removed in place: the emulator's array is its store).
      if (bounded && emails.length > EMULATOR_INBOX_LIMIT) emails.splice(0, emails.length - EMULATOR_INBOX_LIMIT);
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
      const all = persisted.all();
      const kept = all.filter((email) => !predicate(email));
      if (kept.length !== all.length) persisted.rewrite(kept);
      // The file is the inbox when bounded: the emails removed from it count, not only those the array still held.
      return bounded ? all.length - kept.length : removed;
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

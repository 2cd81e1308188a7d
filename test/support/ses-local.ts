/**
 * aws-ses-v2-local (SES v2 emulator with a web inbox) in-process on a free port. Its `/store` endpoint lists the
 * emails it received, including the headers sent with simple content.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import * as sesLocal from 'aws-ses-v2-local';
import type { Email } from 'aws-ses-v2-local/dist/store';

export type StoredEmail = Email;

export interface SesLocalHandle {
  endpoint: string;
  emails(): Promise<StoredEmail[]>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;

/** The package is CommonJS with `exports.default`: depending on the loader's interop that is `default` or `default.default`. */
function startFunction(): StartServer {
  const mod = sesLocal as unknown as { default: unknown };
  const candidate = typeof mod.default === 'function' ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
  if (typeof candidate !== 'function') throw new Error('aws-ses-v2-local: no server factory export found');
  return candidate as StartServer;
}

export async function startSesLocal(): Promise<SesLocalHandle> {
  const server = await startFunction()({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    emails: async () => {
      const response = await fetch(`${endpoint}/store`);
      const body = (await response.json()) as { emails: StoredEmail[] };
      return body.emails;
    },
    clear: async () => {
      await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * The global options every command shares, resolved once per command run: the endpoint (default the local
 * runtime on $PORT), the on-call token (default $JOURNEYS_ONCALL_TOKEN), `--json` and colours.
 */
import type { Command } from 'commander';
import { JourneysClient } from './api-client';
import { colorEnabled } from './format/color';
import { Output } from './format/output';
import type { CliIo } from './io';
import { signerFor, type AuthMode } from './sigv4';

export interface GlobalOptions {
  endpoint: string;
  token: string | undefined;
  auth: AuthMode;
  region: string | undefined;
  json: boolean;
  color: boolean;
}

export interface CommandContext {
  io: CliIo;
  globals: GlobalOptions;
  out: Output;
  client: JourneysClient;
}

/** What a command module gets to build its context from its commander Command. */
export type ContextFactory = (command: Command) => CommandContext;

export function defaultEndpoint(env: CliIo['env']): string {
  return `http://127.0.0.1:${env.PORT || '3000'}`;
}

interface RawGlobals {
  endpoint?: string;
  token?: string;
  auth?: AuthMode;
  region?: string;
  json?: boolean;
  color?: boolean;
}

export function resolveGlobals(raw: RawGlobals, io: CliIo): GlobalOptions {
  const json = raw.json === true;
  return {
    endpoint: raw.endpoint ?? defaultEndpoint(io.env),
    token: raw.token ?? (io.env.JOURNEYS_ONCALL_TOKEN || io.env.JOURNEYS_OPS_TOKEN || undefined),
    auth: raw.auth ?? 'auto',
    region: raw.region,
    json,
    color: colorEnabled({ option: raw.color !== false, isTTY: io.stdout.isTTY, env: io.env }),
  };
}

export function createContext(command: Command, io: CliIo): CommandContext {
  const globals = resolveGlobals(command.optsWithGlobals<RawGlobals>(), io);
  return {
    io,
    globals,
    out: new Output(io, { json: globals.json, color: globals.color }),
    client: new JourneysClient({
      endpoint: globals.endpoint,
      token: globals.token,
      sign: signerFor({ auth: globals.auth, endpoint: globals.endpoint, region: globals.region, env: io.env }),
    }),
  };
}

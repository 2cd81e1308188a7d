#!/usr/bin/env node
// The `journeys` CLI (package.json "bin"): registers tsx so the TypeScript sources run as they are, with no build
// step, from a clean clone (`npx journeys …`). The CLI itself is local/cli/main.ts.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../local/cli/main.ts');
await main();

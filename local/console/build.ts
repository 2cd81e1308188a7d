/**
 * The ops console as static files: `index.html`, `console.css` and `console.js` (local/console/src bundled by
 * esbuild's JS API, in memory). The runtime serves them under /console and builds them on the first request —
 * again whenever a file under local/console changes, so editing the console needs no restart and no build step.
 *
 * As a static site against a deployed API: `npx tsx local/console/build.ts <dir>` writes the same files to a
 * directory (host it anywhere; set the API URL in the console's Settings).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CONSOLE_DIR = dirname(fileURLToPath(import.meta.url));

export interface ConsoleAsset {
  contentType: string;
  body: Buffer;
}

/** File name (no leading slash) → content. */
export type ConsoleAssets = ReadonlyMap<string, ConsoleAsset>;

export interface BuildOptions {
  minify?: boolean;
}

const STATIC_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

export async function buildConsole(options: BuildOptions = {}): Promise<ConsoleAssets> {
  // Loaded on demand: a runtime nobody opens the console of never loads esbuild.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(CONSOLE_DIR, 'src', 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    outfile: join(CONSOLE_DIR, 'console.js'),
    sourcemap: 'linked',
    minify: options.minify ?? false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const assets = new Map<string, ConsoleAsset>();
  for (const [name, contentType] of Object.entries(STATIC_FILES)) assets.set(name, { contentType, body: readFileSync(join(CONSOLE_DIR, name)) });
  for (const file of result.outputFiles) {
    const name = file.path.split(/[\\/]/).pop() as string;
    assets.set(name, { contentType: name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8', body: Buffer.from(file.contents) });
  }
  return assets;
}

let cached: { stamp: number; assets: Promise<ConsoleAssets> } | undefined;

/** The built console, rebuilt when a source file changed since the last build. */
export function consoleAssets(): Promise<ConsoleAssets> {
  const stamp = newestChange(CONSOLE_DIR);
  if (!cached || cached.stamp !== stamp) {
    const assets = buildConsole();
    cached = { stamp, assets };
    // A failed build is not cached: the next request tries again (after the source is fixed).
    assets.catch(() => {
      if (cached?.assets === assets) cached = undefined;
    });
  }
  return cached.assets;
}

function newestChange(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|html|css)$/.test(entry.name)) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** `tsx local/console/build.ts <dir>`: the console as a static site. */
async function main(argv: string[]): Promise<void> {
  const target = argv[0];
  if (!target) {
    process.stderr.write('usage: npx tsx local/console/build.ts <output directory>\n');
    process.exitCode = 2;
    return;
  }
  const out = resolve(target);
  mkdirSync(out, { recursive: true });
  const assets = await buildConsole({ minify: true });
  for (const [name, asset] of assets) writeFileSync(join(out, name), asset.body);
  process.stdout.write(`wrote ${[...assets.keys()].join(', ')} to ${out}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}

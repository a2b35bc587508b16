import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
let built = false;

/**
 * The Node flags the server runs with, as package.json's start script gives them (the Docker image's CMD uses the
 * same; test/app/runtime-flags.test.ts holds them together): the benchmark runs with them too (`npm run bench`).
 */
export const SERVER_NODE_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const m = /^node((?: --[\w-]+(?:=\S+)?)*) dist\/src\/server\.js$/.exec(start);
  if (!m) throw new Error(`package.json start script is not "node [flags] dist/src/server.js": ${start}`);
  return m[1]!.trim().split(' ').filter(Boolean);
})();

/** Whether this process runs with the server's flags (not when a benchmark is started some other way). */
export const runsWithServerFlags = (): boolean => SERVER_NODE_FLAGS.every((f) => process.execArgv.includes(f));

/** Compiles the TypeScript once per benchmark run, as `npm start` and the Docker image do (`npm run build`). */
export function buildOnce(): void {
  if (built) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  built = true;
}

/**
 * A module of the app as `npm start` and the Docker image run it: the compiled JavaScript in dist/, not the
 * TypeScript through tsx (whose transform adds a `__name` call to every named closure it creates, a few per cent
 * of a chat turn's CPU). Typed as its source. All the app's modules of one benchmark must come from here, so that
 * the database, its schema and the handler are the same modules.
 */
export async function compiled<T>(sourcePath: string): Promise<T> {
  buildOnce();
  const js = path.join(root, 'dist', sourcePath.replace(/\.ts$/, '.js'));
  return (await import(pathToFileURL(js).href)) as T;
}

/** The compiled modules the chat and webhook benchmarks drive. */
export async function compiledApp() {
  const [config, app, handler, platforms, client, examples] = await Promise.all([
    compiled<typeof import('../config/index.js')>('config/index.ts'),
    compiled<typeof import('../src/app.js')>('src/app.ts'),
    compiled<typeof import('../src/core/handle-message.js')>('src/core/handle-message.ts'),
    compiled<typeof import('../src/platforms/index.js')>('src/platforms/index.ts'),
    compiled<typeof import('../db/client.js')>('db/client.ts'),
    compiled<typeof import('../src/bootstrap/load-examples.js')>('src/bootstrap/load-examples.ts'),
  ]);
  return {
    loadConfig: config.loadConfig,
    buildApp: app.buildApp,
    createMessageHandler: handler.createMessageHandler,
    createTurnHandler: handler.createTurnHandler,
    createPlatformAdapters: platforms.createPlatformAdapters,
    createDb: client.createDb,
    loadExamples: examples.loadExamples,
  };
}
export type CompiledApp = Awaited<ReturnType<typeof compiledApp>>;

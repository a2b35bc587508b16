import type { AddressInfo } from 'node:net';
import type { Config } from '../../config/index.js';
import type { Database } from '../../db/client.js';
import { buildApp } from '../../src/app.js';
import type { PlatformAdapter } from '../../src/core/platform.js';

/** The real app (buildApp) with the given adapters, listening on a random local port. */
export async function startApp(config: Config, database: Database, adapters: PlatformAdapter[]) {
  const app = await buildApp({ config, database, adapters });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  };
}

/** A fetch that records every outbound call an adapter makes, then really performs it. */
export function spyFetch() {
  const calls: string[] = [];
  const f: typeof fetch = (input, init) => {
    calls.push(String(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  return { fetch: f, calls };
}

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Config } from '../config/index.js';
import { pendingMigrations, type Database } from '../db/client.js';
import type { PlatformAdapter } from './core/platform.js';

export interface AppDeps {
  config: Config;
  database: Database;
  /** Platform transports enabled by config; each registers its own routes. */
  adapters: PlatformAdapter[];
  logger?: FastifyServerOptions['logger'];
}

/** Largest webhook body accepted; platforms send a few KB, anything over 1 MB gets 413. */
export const BODY_LIMIT = 1024 * 1024;

/** Builds the HTTP app from its dependencies; the process concerns live in server.ts. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.database.rows(sql`select 1`);
      const pending = await pendingMigrations(deps.database);
      if (pending) return res.code(503).send({ status: 'migrating', pending });
      return { status: 'ready', database: deps.database.kind };
    } catch {
      return res.code(503).send({ status: 'database unavailable' });
    }
  });

  for (const adapter of deps.adapters) await adapter.register?.(app);
  return app;
}

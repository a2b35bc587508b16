import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Config } from '../config/index.js';
import { pendingMigrations, type Database } from '../db/client.js';
import type { PlatformAdapter } from './core/platform.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { outboxStats } from '../db/repositories/outbox-stats.js';

export interface AppDeps {
  config: Config;
  database: Database;
  /** Platform transports enabled by config; each registers its own routes. */
  adapters: PlatformAdapter[];
  /** A pino logger; none means silent. */
  logger?: FastifyBaseLogger;
  metrics?: Metrics;
}

declare module 'fastify' {
  interface FastifyInstance { metrics: Metrics }
}

/**
 * A line per request (the console page polls every 10 s) buried what matters in the clerk's terminal: request
 * lines are logged at debug (LOG_LEVEL=debug shows them); failed requests and Fastify's other error logs keep
 * their levels. Webhook traffic is counted in /metrics either way.
 */
class QuietRequests extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** Largest webhook body accepted; platforms send a few KB, anything over 1 MB gets 413. */
export const BODY_LIMIT = 1024 * 1024;

/** Builds the HTTP app from its dependencies; the process concerns live in server.ts. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    logController: new QuietRequests(),
    bodyLimit: BODY_LIMIT,
  }) as unknown as FastifyInstance;

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

  const metrics = deps.metrics ?? createMetrics();
  app.decorate('metrics', metrics);
  // Webhook traffic by platform: count and latency of every request to /webhooks/<platform>.
  app.addHook('onResponse', async (req, res) => {
    const m = /^\/webhooks\/(wecom|dingtalk)/.exec(req.url);
    if (!m) return;
    metrics.webhookRequests.inc({ platform: m[1], status: String(res.statusCode) });
    metrics.webhookLatency.observe({ platform: m[1] }, res.elapsedTime / 1000);
  });
  app.get('/metrics', async (_req, res) => {
    try {
      const stats = await outboxStats(deps.database.db);
      metrics.outboxDepth.reset();
      for (const [status, n] of Object.entries(stats.byStatus)) metrics.outboxDepth.set({ status }, n);
      metrics.outboxOldest.set(stats.oldestPendingSeconds);
    } catch {
      // The database being away must not hide the process metrics; /readyz reports it.
    }
    return res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  for (const adapter of deps.adapters) await adapter.register?.(app);
  return app;
}

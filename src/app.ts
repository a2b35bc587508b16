import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
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
      // A long connection the platform refuses: that platform hears nothing until someone fixes the credentials.
      // Not ready when no platform can hear; with another one working, ready, with the problem said.
      const problems = deps.adapters.flatMap((a) => { const reason = a.problem?.(); return reason ? [{ platform: a.name, reason }] : []; });
      if (problems.length && problems.length === deps.adapters.length) return res.code(503).send({ status: 'platform unavailable', problems });
      return { status: 'ready', database: deps.database.kind, ...(problems.length ? { problems } : {}) };
    } catch {
      return res.code(503).send({ status: 'database unavailable' });
    }
  });

  const metrics = deps.metrics ?? createMetrics();
  app.decorate('metrics', metrics);
  // Webhook traffic by platform: count and latency of every request to /webhooks/<platform>.
  // The labelled series are looked up once each, not hashed from their labels on every request (these two metrics
  // are never reset, so a series once looked up stays the registered one).
  const counted = new Map<string, { inc(): void }>();
  const timed = new Map<string, { observe(seconds: number): void }>();
  app.addHook('onResponse', async (req, res) => {
    const m = /^\/webhooks\/(wecom|dingtalk)/.exec(req.url);
    if (!m) return;
    const platform = m[1]!;
    const key = `${platform} ${res.statusCode}`;
    let counter = counted.get(key);
    if (!counter) counted.set(key, counter = metrics.webhookRequests.labels(platform, String(res.statusCode)));
    counter.inc();
    let latency = timed.get(platform);
    if (!latency) timed.set(platform, latency = metrics.webhookLatency.labels(platform));
    latency.observe(res.elapsedTime / 1000);
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

  // What an admin checking the deployment sees: in Chinese, and for a webhook, which setting turns it on.
  app.setNotFoundHandler((req, res) => {
    const platform = /^\/webhooks\/(wecom|dingtalk)(?:[/?]|$)/.exec(req.url)?.[1];
    const message = platform === 'wecom' ? '企业微信接入未开启，或该地址不接受这种请求。请检查 WECOM_MODE（回调方式为 callback），修改后重启助手。'
      : platform === 'dingtalk' ? '钉钉接入未开启，或该地址不接受这种请求。请检查 DINGTALK_MODE（HTTP 方式为 http，只接受 POST），修改后重启助手。'
        : '没有这个地址。';
    return res.code(404).send({ code: 'NOT_FOUND', message });
  });
  app.setErrorHandler((err: FastifyError, _req, res) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) throw err; // Fastify's own handling: logged, and a generic 500
    const message = status === 413 ? `请求内容超过 ${BODY_LIMIT / 1024 / 1024} MB，已拒绝。`
      : status === 415 ? '不支持这种内容类型，请以 JSON 发送。'
        : '请求格式有误，已拒绝。';
    return res.code(status).send({ code: err.code ?? 'BAD_REQUEST', message });
  });

  for (const adapter of deps.adapters) await adapter.register?.(app);
  return app;
}

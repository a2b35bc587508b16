import { pino } from 'pino';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { buildApp } from '../../src/app.js';
import { freshDatabase } from '../helpers/db.js';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let app: FastifyInstance;
beforeAll(async () => {
  database = await freshDatabase();
  app = await buildApp({ config: loadConfig({}), database, adapters: [] });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('health and metrics endpoints', () => {
  it('/healthz says the process is up and /readyz that the database is migrated', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', database: database.kind });
  });

  it('/metrics exposes webhook, outbox and process metrics in Prometheus text', async () => {
    await database.rows(sql`insert into outbox (dedupe_key, kind, platform, robot_key, payload)
      values ('k1', 'kickoff', 'console', 'console:office', '{}'::jsonb)`);
    await app.inject({ method: 'POST', url: '/webhooks/dingtalk', payload: {} });
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/planbot_outbox_depth\{status="pending"\} 1/);
    expect(res.body).toMatch(/planbot_webhook_requests_total\{platform="dingtalk",status="404"\} 1/);
    expect(res.body).toContain('process_resident_memory_bytes');
  });
});

describe('request logging', () => {
  const logged = async (level: 'info' | 'debug') => {
    const lines: string[] = [];
    const logger = pino({ level }, { write: (s: string) => void lines.push(s) });
    const quiet = await buildApp({ config: loadConfig({ LOG_LEVEL: level }), database, adapters: [], logger });
    await quiet.inject({ method: 'GET', url: '/healthz' });
    await quiet.close();
    return lines.join('');
  };

  it('writes a line per request only at LOG_LEVEL=debug (the terminal is not flooded by the console page polling)', async () => {
    expect(await logged('info')).not.toContain('request completed');
    expect(await logged('debug')).toContain('request completed');
  });
});

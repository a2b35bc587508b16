import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server.js';

// The process as `npm start` runs it: embedded database in a fresh folder, examples loaded, console enabled.
describe('server process', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'planbot-server-'));
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = await startServer({ DATABASE_URL: `pglite://${dir}`, PORT: '0', LOG_LEVEL: 'silent' },
      { now: () => new Date('2026-03-02T01:00:00Z') });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    if (app?.server.listening) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers on the console API and counts the turn by intent in /metrics', async () => {
    const res = await fetch(`${base}/api/console/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat: 'office', user: 'wang', text: '本月任务' }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).reply).toContain('“三八”妇女节主题活动');
    const bad = await fetch(`${base}/api/console/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: '' }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/请选择群和用户/);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/planbot_commands_total\{intent="[a-z-]+"\} 1/);
  });

  it('closes gracefully: stops listening and releases the database', async () => {
    await app.close();
    expect(app.server.listening).toBe(false);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

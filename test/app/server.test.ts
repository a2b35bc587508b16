import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createDb } from '../../db/client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleEnabled, loadConfig } from '../../config/index.js';
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
    const long = await fetch(`${base}/api/console/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat: 'office', user: 'wang', text: '很长'.repeat(10_001) }),
    });
    expect(long.status).toBe(400);
    expect((await long.json()).error).toBe('消息太长，请精简到两万字以内再发送。');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/planbot_commands_total\{intent="[a-z-]+"\} 1/);
  });

  it('shows the pushes on the console in Chinese and local time', async () => {
    // Started at 09:00 on Monday 2 March: March's kick-offs and the weekly digest go to the example's groups.
    let pushes: { at: string; when: string; kindName: string; statusName: string; chat: string }[] = [];
    for (let i = 0; i < 50 && !pushes.length; i++) {
      pushes = (await (await fetch(`${base}/api/console/pushes`)).json()).pushes;
      if (!pushes.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pushes.length).toBeGreaterThan(0);
    for (const p of pushes) {
      // When it was queued, on the office's clock (Asia/Shanghai), not UTC.
      const shanghai = new Date(new Date(p.at).getTime() + 8 * 3600_000).toISOString(); // no summer time there
      expect(p.when).toBe(`${shanghai.slice(5, 10)} ${shanghai.slice(11, 16)}`);
      expect(['开始提醒', '临近截止', '逾期提醒', '逾期汇总', '每周进度']).toContain(p.kindName);
      expect(['待发送', '发送中', '已发送', '发送失败']).toContain(p.statusName);
    }
  });

  it('a webhook whose platform is not switched on says which setting turns it on, in Chinese', async () => {
    const res = await fetch(`${base}/webhooks/wecom?msg_signature=x&timestamp=1&nonce=n&echostr=e`);
    expect(res.status).toBe(404);
    expect((await res.json()).message).toContain('企业微信接入未开启，或该地址不接受这种请求。请检查 WECOM_MODE');
    const ding = await fetch(`${base}/webhooks/dingtalk`, { method: 'POST', body: '{}' });
    expect((await ding.json()).message).toContain('请检查 DINGTALK_MODE');
    expect(await (await fetch(`${base}/nothing-here`)).json()).toEqual({ code: 'NOT_FOUND', message: '没有这个地址。' });
  });

  it('closes gracefully: stops listening and releases the database', async () => {
    await app.close();
    expect(app.server.listening).toBe(false);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe('the local console (no login, acts as an admin)', () => {
  it('is on by default only when the server listens on this machine alone', () => {
    expect(consoleEnabled(loadConfig({}))).toBe(true);
    expect(consoleEnabled(loadConfig({ HOST: 'localhost' }))).toBe(true);
    expect(consoleEnabled(loadConfig({ HOST: '0.0.0.0' }))).toBe(false);
    expect(consoleEnabled(loadConfig({ HOST: '10.1.2.3' }))).toBe(false);
    expect(consoleEnabled(loadConfig({ HOST: '0.0.0.0', PLANBOT_CONSOLE: 'on' }))).toBe(true);
    expect(consoleEnabled(loadConfig({ HOST: '127.0.0.1', PLANBOT_CONSOLE: 'off' }))).toBe(false);
    expect(() => loadConfig({ PLANBOT_CONSOLE: 'yes' })).toThrow(/PLANBOT_CONSOLE/);
  });

  it('served on every address (as in Docker): the page says it is off, and its API does not answer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planbot-server-off-'));
    const app = await startServer({ DATABASE_URL: `pglite://${dir}`, HOST: '0.0.0.0', PORT: '0', LOG_LEVEL: 'silent' });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('本地对话页面未开启');
      const api = await fetch(`${base}/api/console/messages`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat: 'office', user: 'wang', text: '完成 K7Q2' }),
      });
      expect(api.status).toBe(404);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a start that fails', () => {
  it('on a HOST that is mistyped, or not an address of this machine: says which setting to change', async () => {
    const start = (HOST: string) => startServer({ DATABASE_URL: 'pglite://memory', PORT: '0', HOST, LOG_LEVEL: 'silent' });
    await expect(start('localhst.invalid')).rejects.toMatchObject({ message: expect.stringContaining('无法识别监听地址 HOST=localhst.invalid') });
    await expect(start('192.0.2.1')).rejects.toMatchObject({ message: expect.stringContaining('本机没有地址 192.0.2.1（HOST）') });
  });

  it('on a port already taken: no reminders queued, the database released for the next start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planbot-server-busy-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as { port: number }).port);
    try {
      // 09:00 on Monday 2 March: a kick-off and a weekly digest are due at once.
      const start = startServer({ DATABASE_URL: `pglite://${dir}`, PORT: port, LOG_LEVEL: 'silent' },
        { now: () => new Date('2026-03-02T01:00:00Z') });
      // Said with the port, in Chinese (the admin reads it on the terminal).
      await expect(start).rejects.toMatchObject({ name: 'ListenError', message: `端口 ${port} 已被占用。请关闭占用该端口的程序，或设置 PORT 换一个端口。` });
      const database = await createDb(`pglite://${dir}`);
      try {
        const [{ n }] = await database.rows<{ n: number }>(sql`select count(*)::int as n from outbox`) as [{ n: number }];
        expect(n).toBe(0);
      } finally {
        await database.close();
      }
    } finally {
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// As a container or a service manager runs it: the output goes to a log collector, not a person.
describe('server process with its output to a log collector', () => {
  it('writes only JSON log lines to stdout, from start to a graceful stop', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, DATABASE_URL: 'pglite://memory', PORT: '0', LOG_LEVEL: 'info', WECOM_MODE: 'off', DINGTALK_MODE: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { out += s; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await expect.poll(() => /Server listening/.test(out), { timeout: 30_000, interval: 100 }).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const lines = out.split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(out).not.toContain('工会计划助手已启动');
    // Neither platform switched on: the admin is told that nobody in the groups will get answers.
    expect(lines.map((l) => JSON.parse(l).msg)).toContain('no platform receives messages: reminders only');
  }, 60_000);
});

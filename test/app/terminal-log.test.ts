import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { startServer } from '../../src/server.js';
import { terminalLine, terminalMessages } from '../../src/observability/terminal-log.js';

const TZ = 'Asia/Shanghai';
const at0900 = Date.parse('2026-03-02T01:00:00Z'); // 09:00 in Shanghai

function collector(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, out: { isTTY, write: (s: string) => void lines.push(...s.split('\n').filter(Boolean)) } };
}

async function startAndStop(isTTY: boolean, env: Record<string, string> = {}) {
  const { lines, out } = collector(isTTY);
  const app = await startServer({ DATABASE_URL: 'pglite://memory', PORT: '0', ...env },
    { now: () => new Date(at0900), logOutput: out });
  await app.close();
  return lines;
}

describe('logs on a terminal (npm start) and for collectors', () => {
  it('a person at a terminal reads short Chinese lines with the local time, not JSON', async () => {
    const lines = await startAndStop(true);
    expect(lines.some((l) => l.startsWith('{'))).toBe(false);
    expect(lines.join('\n')).not.toMatch(/Server listening|database ready/);
    expect(lines.some((l) => /^\[\d\d:\d\d\] 数据库已就绪：内置数据库（/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('已载入示例工作计划和通讯录'))).toBe(true);
    // Reminders fired at 09:00 Monday 2 March, shown on the office's clock.
    expect(lines.some((l) => /3月2日 09:00 的提醒：新排入 \d+ 条待发送/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('定时提醒已开启，下次在'))).toBe(true);
  });

  it('Docker, systemd and files get one JSON record per line, as before', async () => {
    const lines = await startAndStop(false);
    const records = lines.map((l) => JSON.parse(l) as { msg: string });
    expect(records.map((r) => r.msg)).toContain('database ready');
    // LOG_FORMAT overrides the choice either way.
    const forced = await startAndStop(false, { LOG_FORMAT: 'text' });
    expect(forced.some((l) => l.includes('数据库已就绪'))).toBe(true);
    const json = await startAndStop(true, { LOG_FORMAT: 'json' });
    expect(JSON.parse(json[0]!)).toHaveProperty('level');
  });

  it('a bad LOG_FORMAT stops start-up with a Chinese message naming it', () => {
    expect(() => loadConfig({ LOG_FORMAT: 'pretty' })).toThrow(/LOG_FORMAT.*可选 auto/);
  });

  it('warnings and errors say what happened and what to do', () => {
    const line = (o: Record<string, unknown>) => terminalLine(JSON.stringify({ time: at0900, ...o }), TZ);
    expect(line({ level: 40, msg: 'push dead-lettered', outboxId: 17, kind: 'nudge', attempts: 5, error: '机器人地址无效' }))
      .toBe('[09:00] 注意：第 17 条推送（临近截止）试了 5 次仍未送达，已停止重试：机器人地址无效。查明原因后可用 npm run --silent planbot -- outbox retry 重发');
    expect(line({ level: 40, msg: 'dingtalk callback rejected', platform: 'dingtalk', code: 'BAD_SIGNATURE' }))
      .toMatch(/注意：拒绝了一个钉钉回调：签名不对/);
    expect(line({ level: 50, msg: 'outbox worker round failed; retrying', err: { message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' } }))
      .toBe('[09:00] 错误：发送推送时出错，稍后重试：connect ECONNREFUSED（ECONNREFUSED）');
    expect(line({ level: 40, msg: 'robot rate-limited; pausing it', robot: 'wecom:abc', until: '2026-03-02T01:10:00.000Z' }))
      .toBe('[09:00] 注意：群机器人发送太频繁，被平台限流，这个群的推送暂停到 3月2日 09:10');
    // A library's own message, unknown here, still shows with its fields; a line that is not JSON passes through.
    expect(line({ level: 30, msg: 'heartbeat ok', pid: 1, hostname: 'h', rtt: 3 })).toBe('[09:00] heartbeat ok {"rtt":3}');
    expect(terminalLine('plain text', TZ)).toBe('plain text');
  });

  it('every message the bot logs has its Chinese line', () => {
    const messages = new Set<string>();
    const call = /\b(?:log|logger|log\(\)|\.log)\.(?:debug|info|warn|error)\(([^;]*?)\);/gs;
    for (const file of sourceFiles(path.resolve(__dirname, '../../src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(call)) {
        const literal = [...m[1]!.matchAll(/'((?:[^'\\]|\\.)*)'/g)].pop()?.[1];
        // Messages written in Chinese already (built with template literals) need no entry.
        if (literal && /^[a-z]/.test(literal) && !/^(platform|dingtalk|wecom)$/.test(literal)) messages.add(literal);
      }
    }
    expect(messages.size).toBeGreaterThan(30);
    const missing = [...messages].filter((m) => !(m in terminalMessages));
    expect(missing).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

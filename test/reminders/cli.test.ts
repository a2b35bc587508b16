import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.js';
import { freshDatabase, onServer } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
let url: string;
let cleanup: () => Promise<void>;
let codes: Record<string, string>;

beforeAll(async () => {
  if (onServer) {
    const db = await freshDatabase();
    url = db.url;
    cleanup = () => db.close();
  } else {
    // Each command opens and closes the database, so PGlite lives in a folder rather than in memory.
    const dir = mkdtempSync(path.join(tmpdir(), 'planbot-remind-'));
    url = `pglite://${dir}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const imported = await planbot(['import', path.join(root, 'examples/plan-2026.md'), '--json', '--db', url]);
  expect(imported.code).toBe(0);
  const tasks = JSON.parse(imported.stdout).tasks as { code: string; title: string }[];
  codes = Object.fromEntries(tasks.map((t) => [t.title, t.code]));
  expect((await planbot(['directory', 'import', path.join(root, 'examples/directory.yaml'), '--db', url])).code).toBe(0);
}, 120_000);
afterAll(async () => { await cleanup?.(); });

const json = (s: string) => JSON.parse(s) as { chat: string; department: string | null; kind: string; tasks: string[]; text: string }[];

describe('planbot remind / outbox', () => {
  it('--dry-run --json shows what fires at that instant and enqueues nothing', async () => {
    const r = await planbot(['remind', '--at', '2026-03-02T09:00:00+08:00', '--dry-run', '--json', '--db', url]);
    expect(r.code).toBe(0);
    const pushes = json(r.stdout);
    for (const p of pushes) expect(Object.keys(p)).toEqual(['chat', 'department', 'kind', 'tasks', 'text']);
    const insurance = codes['职工互助保障计划参保']!;
    expect(pushes).toContainEqual(expect.objectContaining({
      chat: '财务处工会群', department: '财务处', kind: 'kickoff', tasks: [insurance],
    }));
    const hr = pushes.find((p) => p.chat === '组织人事处工会群' && p.kind === 'overdue')!;
    expect(hr.text).toContain(`完成 ${codes['春节走访慰问困难职工和一线职工']}`);
    expect(hr.text).toContain('@李处长');
    expect(pushes.map((p) => p.kind)).toContain('weekly_digest');
    const outbox = await planbot(['outbox', '--json', '--db', url]);
    expect(JSON.parse(outbox.stdout)).toEqual([]);
  });

  it('a time without an offset is Asia/Shanghai; a bare date means that day\'s fire time; other minutes fire nothing', async () => {
    const a = await planbot(['remind', '--at', '2026-03-02T09:00:00+08:00', '--dry-run', '--json', '--db', url]);
    const b = await planbot(['remind', '--at', '2026-03-02T09:00', '--dry-run', '--json', '--db', url]);
    const c = await planbot(['remind', '--at', '2026-03-02', '--dry-run', '--json', '--db', url]);
    const d = await planbot(['remind', '--at', '2026-03-02T01:00:00Z', '--dry-run', '--json', '--db', url]);
    // Typed without quotes, the date and the time arrive apart: read as one.
    const e = await planbot(['remind', '--at', '2026-03-02', '09:00', '--dry-run', '--json', '--db', url]);
    expect(json(e.stdout)).toEqual(json(a.stdout));
    const odd = await planbot(['remind', '--at', '2026-03-02', '9点', '--dry-run', '--db', url]);
    expect(odd.code).toBe(1);
    expect(odd.stderr).toContain('无法识别的参数 9点。时间中有空格时请加引号');
    expect(json(b.stdout)).toEqual(json(a.stdout));
    expect(json(c.stdout)).toEqual(json(a.stdout));
    expect(json(d.stdout)).toEqual(json(a.stdout));
    const later = await planbot(['remind', '--at', '2026-03-02T10:00+08:00', '--dry-run', '--db', url]);
    expect(later.stdout).toContain('没有需要发送的提醒');
    const holiday = await planbot(['remind', '--at', '2026-10-01T09:00+08:00', '--dry-run', '--json', '--db', url]);
    expect(json(holiday.stdout)).toEqual([]);
    // The day says why it sends or not: a holiday on a weekday, a make-up workday (调休) on a weekend.
    expect((await planbot(['remind', '--at', '2026-10-01T09:00+08:00', '--dry-run', '--db', url])).stdout).toContain('10月1日（周四，节假日） 09:00');
    expect((await planbot(['remind', '--at', '2026-10-10T09:00+08:00', '--dry-run', '--db', url])).stdout).toContain('10月10日（周六，调休上班） 09:00');
  });

  it('reminder times come from the environment; a bad one is refused in Chinese, naming the variable', async () => {
    const env = { PLANBOT_KICKOFF_TIME: '08:30', PLANBOT_DIGEST_WEEKDAY: '2' };
    const kinds = async (at: string) => [...new Set(json((await planbot(['remind', '--at', at, '--dry-run', '--json', '--db', url], { env })).stdout)
      .map((p) => p.kind))].sort();
    expect(await kinds('2026-03-02T08:30+08:00')).toEqual(['kickoff']);
    expect(await kinds('2026-03-02T09:00+08:00')).toEqual(['overdue', 'overdue_digest']);
    expect(await kinds('2026-03-03T09:00+08:00')).toEqual(['weekly_digest']); // Tuesday
    // A bare date covers every configured time of that day.
    expect(await kinds('2026-03-02')).toEqual(['kickoff', 'overdue', 'overdue_digest']);
    const bad = await planbot(['remind', '--at', '2026-03-02', '--dry-run', '--db', url], { env: { PLANBOT_NUDGE_TIME: '9点' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('PLANBOT_NUDGE_TIME');
    expect(bad.stderr).toContain('例如 09:00');
  });

  it('without --dry-run the pushes are enqueued once; outbox lists them', async () => {
    const first = await planbot(['remind', '--at', '2026-03-02T09:00+08:00', '--db', url]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/已加入发送队列 \d+ 条/);
    const again = await planbot(['remind', '--at', '2026-03-02T09:00+08:00', '--db', url]);
    expect(again.stdout).toMatch(/已加入发送队列 0 条；\d+ 条此前已在队列中/);
    const rows = JSON.parse((await planbot(['outbox', '--json', '--db', url])).stdout) as { status: string; chat: string; kind: string; tasks: string[] }[];
    expect(rows.length).toBe(json((await planbot(['remind', '--at', '2026-03-02', '--dry-run', '--json', '--db', url])).stdout).length);
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
    expect(rows).toContainEqual(expect.objectContaining({ chat: '财务处工会群', kind: 'kickoff', tasks: [codes['职工互助保障计划参保']] }));
    const table = await planbot(['outbox', '--db', url]);
    expect(table.stdout).toContain('发送队列：待发送');
    expect(table.stdout).toMatch(/待发送\s+开始提醒\s+财务处工会群/);
  });

  it('outbox retry puts dead-lettered pushes back in the queue: all, or the ones named, refusing others', async () => {
    const rows = () => planbot(['outbox', '--json', '--db', url]).then((r) => JSON.parse(r.stdout) as { id: number; status: string; attempts: number }[]);
    const [a, b, c] = (await rows()).map((r) => r.id);
    // Two pushes gave up (say a wrong webhook key); the office fixes the key, then asks for them again.
    const handle = await createDb(url);
    await handle.rows(sql`update outbox set status = 'dead', attempts = 5, last_error = '企业微信返回错误 93000'
      where id in (${a}, ${b})`);
    await handle.close();
    expect((await planbot(['outbox', '--db', url])).stdout).toContain('npm run --silent planbot -- outbox retry');
    const refused = await planbot(['outbox', 'retry', String(a), String(c), '--db', url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`编号 ${c} 的状态是“待发送”，不需要重发`);
    expect((await rows()).filter((r) => r.status === 'dead').map((r) => r.id).sort()).toEqual([a, b].sort());
    const one = await planbot(['outbox', 'retry', `#${a}`, '--db', url]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(`已将 1 条发送失败的推送重新加入发送队列（编号 ${a}）`);
    const rest = await planbot(['outbox', 'retry', '--json', '--db', url]);
    expect(JSON.parse(rest.stdout)).toEqual({ requeued: [b] });
    expect((await rows()).filter((r) => r.id === a || r.id === b)).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: a, status: 'pending', attempts: 0 }), expect.objectContaining({ id: b, status: 'pending', attempts: 0 }),
    ]));
    expect((await planbot(['outbox', 'retry', '--db', url])).stdout).toContain('没有发送失败的推送');
    expect((await planbot(['outbox', 'retry', 'abc', '--db', url])).stderr).toContain('推送编号应为正整数');
  });

  it('a malformed --at is a Chinese usage error with exit 1', async () => {
    const r = await planbot(['remind', '--at', 'tomorrow', '--db', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法识别的时间');
    const missing = await planbot(['remind', '--db', url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--at');
  });

  it('in a new year still on last year\'s plan, the weekly digest asks the office to import this year\'s', async () => {
    const digest = async (at: string) => json((await planbot(['remind', '--at', at, '--dry-run', '--json', '--db', url])).stdout)
      .find((p) => p.kind === 'weekly_digest')?.text;
    expect(await digest('2027-01-04T09:00+08:00')).toContain('提示：尚未导入2027年的工作计划，以上为此前计划的情况。请工会办公室导入本年度计划');
    expect(await digest('2026-03-02T09:00+08:00')).not.toContain('尚未导入');
  });

  it('the weekly digest of January counts last year\'s overdue work as the chat\'s 逾期 does, and does not repeat the 【逾期汇总】 just before it', async () => {
    const fire = async (at: string) => json((await planbot(['remind', '--at', at, '--dry-run', '--json', '--db', url])).stdout)
      .filter((p) => p.chat === '局工会办公室群');
    const jan = await fire('2027-01-04T09:00+08:00');
    expect(jan.map((p) => p.kind)).toEqual(['kickoff', 'overdue_digest', 'weekly_digest']);
    for (const p of jan) expect(Object.keys(p)).toEqual(['chat', 'department', 'kind', 'tasks', 'text']);
    const [, summary, weekly] = jan;
    const chat = await planbot(['ask', '逾期', '--chat', '局工会办公室群', '--user', '王主席', '--today', '2027-01-05', '--db', url]);
    const n = Number(/2026年计划还有 (\d+) 项逾期未确认/.exec(chat.stdout)?.[1]);
    expect(n).toBeGreaterThan(10);
    expect(weekly!.text).toContain(`逾期未完成任务${n}项（2026年计划，`);
    expect(weekly!.text).toContain('见上条【逾期汇总】');
    // G8R6 (due 2月28日) is listed again in January; what the summary lists is not repeated, and a cut list says so.
    expect(weekly!.tasks).toContain(codes['春节走访慰问困难职工和一线职工']);
    expect(summary!.text).toContain('（2026年12月31日截止）');
    expect(summary!.text).toContain('@我发送“2026年逾期”可查看全部。');
    expect(weekly!.text).not.toContain('（2026年12月31日截止）');
    expect(weekly!.text).toMatch(/……另有\d+项未列出，@我发送“2026年逾期”查看全部。/);
  });

  it('warns on stderr when the year has no holiday data', async () => {
    const r = await planbot(['remind', '--at', '2099-03-02T09:00+08:00', '--dry-run', '--json', '--db', url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('尚未导入2099年的放假和调休安排');
    expect(r.stderr).toContain('holidays import');
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });

  it('at a terminal, shows what would go out and sends it only when confirmed (Enter sends nothing)', async () => {
    const outboxSize = async () => (JSON.parse((await planbot(['outbox', '--json', '--db', url])).stdout) as unknown[]).length;
    const before = await outboxSize();
    const looked = await planbot(['remind', '--at', '2026-04-01T09:00+08:00', '--db', url], { answer: () => '' });
    expect(looked.code).toBe(0);
    const n = Number(/共 (\d+) 条提醒/.exec(looked.stdout)?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(looked.stdout).toContain(`现在就把以上 ${n} 条提醒发到各群吗？`);
    expect(looked.stdout).toContain('未发送。只查看时可加 --dry-run。');
    expect(await outboxSize()).toBe(before);
    const sent = await planbot(['remind', '--at', '2026-04-01T09:00+08:00', '--db', url], { answer: () => 'y' });
    expect(sent.stdout).toContain(`已加入发送队列 ${n} 条`);
    expect(await outboxSize()).toBe(before + n);
    // --yes does not ask.
    const scripted = await planbot(['remind', '--at', '2026-04-01T09:00+08:00', '--yes', '--db', url], { answer: () => { throw new Error('asked'); } });
    expect(scripted.stdout).toMatch(/已加入发送队列 0 条；\d+ 条此前已在队列中/);
  });
});

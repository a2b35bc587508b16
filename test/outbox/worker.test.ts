import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { claimDueRows, insertOutboxRows, markSent } from '../../db/repositories/outbox.js';
import { createSender } from '../../src/outbox/senders.js';
import { createOutboxWorker } from '../../src/outbox/worker.js';
import { sharedDatabase } from '../helpers/db.js';
import { fakeClock, maxInWindow, recordingSender, seedRows, type Delivery } from './helpers.js';

const shared = sharedDatabase({ clean: 'outbox' });

const statuses = async () => shared.database.rows<{ id: number; status: string; attempts: number; last_error: string | null; robot_key: string }>(
  sql`select id, status, attempts, last_error, robot_key from outbox order by id`);

describe('outbox worker', () => {
  it('three workers on one database: every row delivered exactly once, no robot over 20 a minute', async () => {
    const total = await seedRows(shared.database, { A: 100, B: 45, C: 20, D: 3 });
    // On PostgreSQL each worker has its own connection pool, as separate processes would.
    const handles = await shared.handles(3);
    const clock = fakeClock();
    const log: Delivery[] = [];
    const workers = handles.map((h, i) => createOutboxWorker({
      database: h, send: recordingSender(clock, log, `w${i}`), clock: clock.now, options: { batchSize: 10 },
    }));
    for (let round = 0; round < 200 && log.length < total; round++) {
      await Promise.all(workers.map((w) => w.tick()));
      clock.advance(5_000);
    }
    expect(log).toHaveLength(total);
    expect(new Set(log.map((d) => d.id)).size).toBe(total);
    expect((await statuses()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    for (const robot of ['A', 'B', 'C', 'D']) {
      const times = log.filter((d) => d.robotKey === robot).map((d) => d.at);
      expect(maxInWindow(times, 60_000), robot).toBeLessThanOrEqual(20);
    }
    // 100 rows at 20 a minute need at least four more minutes after the first batch.
    const a = log.filter((d) => d.robotKey === 'A').map((d) => d.at);
    expect(Math.max(...a) - Math.min(...a)).toBeGreaterThanOrEqual(4 * 60_000);
    // All three took part.
    expect(new Set(log.map((d) => d.worker)).size).toBe(3);
  });

  it('retries a retryable error after a backoff, then delivers', async () => {
    await seedRows(shared.database, { A: 1 });
    const clock = fakeClock();
    let calls = 0;
    const warnings: [object, string?][] = [];
    const worker = createOutboxWorker({
      database: shared.database, clock: clock.now, options: { backoffBaseMs: 30_000 },
      logger: { info() {}, warn: (o, m) => void warnings.push([o, m]), error() {} },
      send: async () => (++calls === 1 ? { ok: false, retryable: true, error: 'errcode -1 system busy' } : { ok: true }),
    });
    expect(await worker.tick()).toBe(1);
    expect((await statuses())[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: 'errcode -1 system busy' });
    // The admin hears of it now, not an hour later when it is dead-lettered.
    expect(warnings).toEqual([[expect.objectContaining({ attempts: 1, error: 'errcode -1 system busy',
      retryAt: new Date(clock.now().getTime() + 30_000).toISOString() }), 'push failed; will retry']]);
    clock.advance(29_000);
    expect(await worker.tick()).toBe(0);
    clock.advance(1_000);
    expect(await worker.tick()).toBe(1);
    expect((await statuses())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('dead-letters after the attempt limit, and at once on a non-retryable error', async () => {
    await seedRows(shared.database, { A: 1, B: 1 });
    const clock = fakeClock();
    const worker = createOutboxWorker({
      database: shared.database, clock: clock.now, options: { maxAttempts: 3, backoffBaseMs: 1_000 },
      send: async (row) => row.robotKey === 'A'
        ? { ok: false, retryable: true, error: 'HTTP 502' }
        : { ok: false, retryable: false, error: 'errcode 93000 invalid webhook url' },
    });
    for (let i = 0; i < 10; i++) { await worker.tick(); clock.advance(10_000); }
    const [a, b] = await statuses();
    expect(a).toMatchObject({ status: 'dead', attempts: 3, last_error: 'HTTP 502' });
    expect(b).toMatchObject({ status: 'dead', attempts: 1, last_error: 'errcode 93000 invalid webhook url' });
  });

  it('a rate-limited answer pauses that robot (its other rows untried), other robots carry on', async () => {
    await seedRows(shared.database, { A: 5, B: 2 });
    const clock = fakeClock();
    const log: Delivery[] = [];
    let limited = true;
    const worker = createOutboxWorker({
      database: shared.database, clock: clock.now, options: { rateLimitBackoffMs: 60_000 },
      send: recordingSender(clock, log, 'w', (row) => (row.robotKey === 'A' && limited
        ? { ok: false, retryable: true, rateLimited: true, error: 'errcode 45009 api freq out of limit' } : { ok: true })),
    });
    await worker.tick();
    expect(log.map((d) => d.robotKey)).toEqual(['B', 'B']);
    const rows = await statuses();
    // The throttled try is given back: it does not count against the row's attempts.
    expect(rows.filter((r) => r.robot_key === 'A').map((r) => r.attempts)).toEqual([0, 0, 0, 0, 0]);
    expect(rows.filter((r) => r.robot_key === 'A').every((r) => r.status === 'pending')).toBe(true);
    limited = false;
    clock.advance(59_000);
    expect(await worker.tick()).toBe(0);
    clock.advance(1_000);
    await worker.tick();
    expect(log.filter((d) => d.robotKey === 'A')).toHaveLength(5);
  });

  it('retries count in the robot\'s 20 a minute: a row tried again within the minute does not free a slot for another', async () => {
    await seedRows(shared.database, { A: 10 }, 'first');
    const clock = fakeClock();
    const attempts: number[] = [];
    const tried = new Set<number>();
    const worker = createOutboxWorker({
      database: shared.database, clock: clock.now, options: { backoffBaseMs: 30_000 },
      send: async (row) => {
        attempts.push(clock.now().getTime());
        // Each row's first try meets a busy platform; the retry 30 s later goes through.
        if (!tried.has(row.id)) { tried.add(row.id); return { ok: false, retryable: true, error: 'errcode -1 system busy' }; }
        return { ok: true };
      },
    });
    await worker.tick(); // 10 tries at t0, all failed
    clock.advance(31_000);
    // 10 new rows, due a few seconds after the retries went (those were due at t0 + 30 s).
    await insertOutboxRows(shared.database.db, Array.from({ length: 10 }, (_, i) => ({
      dedupeKey: `second|A|${i}`, kind: 'kickoff', chatId: null, platform: 'console', robotKey: 'A',
      payload: { text: `A #${i}`, format: 'text' }, notBefore: new Date(clock.now().getTime() + 5_000),
    })));
    for (let i = 0; i < 12; i++) {
      await worker.tick();
      clock.advance(5_000);
    }
    expect(maxInWindow(attempts, 60_000)).toBeLessThanOrEqual(20);
    expect(attempts.length).toBeGreaterThanOrEqual(30); // and everyone got through in the end
  });

  it('a robot the platform blocked for ten minutes (DingTalk 130101) is paused that long, not just a minute', async () => {
    await seedRows(shared.database, { A: 2 });
    const clock = fakeClock();
    const log: Delivery[] = [];
    let tries = 0;
    const worker = createOutboxWorker({
      database: shared.database, clock: clock.now, options: { rateLimitBackoffMs: 60_000 },
      send: recordingSender(clock, log, 'w', () => (++tries === 1
        ? { ok: false, retryable: true, rateLimited: true, retryAfterMs: 600_000, error: '钉钉限流（130101），约 10 分钟后重试' } : { ok: true })),
    });
    await worker.tick();
    expect(tries).toBe(1);
    clock.advance(599_000);
    expect(await worker.tick()).toBe(0);
    expect(tries).toBe(1);
    clock.advance(1_000);
    await worker.tick();
    expect(log).toHaveLength(2);
    expect((await statuses()).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('a robot throttled again and again (shared with another system) keeps its rows: they are sent once it is free, never given up', async () => {
    await seedRows(shared.database, { A: 1 });
    const clock = fakeClock();
    const log: Delivery[] = [];
    let tries = 0;
    const worker = createOutboxWorker({
      database: shared.database, clock: clock.now, options: { rateLimitBackoffMs: 60_000, maxAttempts: 3, backoffMaxMs: 120_000 },
      send: recordingSender(clock, log, 'w', () => (++tries <= 6
        ? { ok: false, retryable: true, rateLimited: true, retryAfterMs: 600_000, error: '钉钉限流（130101），约 10 分钟后重试' } : { ok: true })),
    });
    for (let i = 0; i < 8; i++) {
      await worker.tick();
      // The platform's ten minutes, within the longest backoff (two minutes here).
      clock.advance(120_000);
    }
    expect(tries).toBe(7);
    expect((await statuses()).map((r) => r.status)).toEqual(['sent']);
  });

  it('a row left `sending` by a crashed process is claimed again after the lease; the late answer is ignored', async () => {
    await seedRows(shared.database, { A: 2 });
    const clock = fakeClock();
    const opts = { now: clock.now(), limit: 10, leaseMs: 120_000, perWindow: 20, windowMs: 60_000 };
    const stolen = await claimDueRows(shared.database, opts); // the "crashed" worker: claims, never reports
    expect(stolen).toHaveLength(2);
    const log: Delivery[] = [];
    const worker = createOutboxWorker({ database: shared.database, clock: clock.now, send: recordingSender(clock, log, 'w2') });
    expect(await worker.tick()).toBe(0); // lease still live
    clock.advance(120_000);
    expect(await worker.tick()).toBe(2);
    expect((await statuses()).map((r) => [r.status, r.attempts])).toEqual([['sent', 2], ['sent', 2]]);
    // The crashed claim's fencing token (attempt 1) no longer matches.
    expect(await markSent(shared.database.db, stolen[0]!.id, stolen[0]!.attempts, clock.now(), {})).toBe(false);
  });

  it('a row whose lease ran out while it waited behind slow sends is not sent again by the first worker', async () => {
    await seedRows(shared.database, { A: 3 });
    const clock = fakeClock();
    const log: Delivery[] = [];
    const other = createOutboxWorker({ database: shared.database, clock: clock.now, send: recordingSender(clock, log, 'w2') });
    let n = 0;
    const slow = createOutboxWorker({
      database: shared.database, clock: clock.now, options: { leaseMs: 120_000 },
      send: async (row) => {
        log.push({ id: row.id, robotKey: row.robotKey, at: clock.now().getTime(), worker: 'w1' });
        clock.advance(100_000); // each send takes 100 s, within the lease, but the third row waits 200 s
        if (++n === 2) expect(await other.tick()).toBe(1); // takes the third row, whose lease has run out
        return { ok: true };
      },
    });
    expect(await slow.tick()).toBe(3);
    const ids = log.map((d) => d.id);
    expect(new Set(ids).size).toBe(3);
    expect(log.map((d) => d.worker)).toEqual(['w1', 'w1', 'w2']);
    expect((await statuses()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('keeps running while the database is unavailable and resumes by itself', async () => {
    await seedRows(shared.database, { A: 3 });
    let down = true;
    const refuse = () => { throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }); };
    const flakyDb = new Proxy(shared.database.db, {
      get(target, prop) {
        if (down && (prop === 'transaction' || prop === 'update' || prop === 'select')) return refuse;
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const errors: object[] = [];
    const log: Delivery[] = [];
    const worker = createOutboxWorker({
      database: { ...shared.database, db: flakyDb }, send: recordingSender({ now: () => new Date() }, log, 'w'),
      logger: { info() {}, warn() {}, error: (o) => errors.push(o) },
      options: { pollMs: 5, errorBackoffMaxMs: 20 },
    });
    worker.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(errors.length).toBeGreaterThan(1);
    expect(log).toHaveLength(0);
    down = false;
    for (let i = 0; i < 100 && log.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(log).toHaveLength(3);
    expect((await statuses()).every((r) => r.status === 'sent')).toBe(true);
  });
});

describe('sender registry', () => {
  it('routes by platform; the console just succeeds; a platform without a sender dead-letters with a reason', async () => {
    const calls: unknown[] = [];
    const send = createSender({ wecom: async (p) => { calls.push(p); return { ok: true, response: { errcode: 0 } }; } });
    const row = (platform: string) => ({
      id: 1, dedupeKey: 'k', kind: 'kickoff', chatId: 1, platform, robotKey: 'r', payload: { text: 'hi' },
      status: 'sending' as const, attempts: 1, nextAttemptAt: new Date(), lastError: null, response: null,
      createdAt: new Date(), sentAt: null, attemptedAt: null, previousAttemptedAt: null, target: { webhook: 'https://example.invalid/hook' },
    });
    expect(await send(row('wecom'))).toEqual({ ok: true, response: { errcode: 0 } });
    expect(calls[0]).toMatchObject({ payload: { text: 'hi' }, target: { webhook: 'https://example.invalid/hook' } });
    expect((await send(row('console'))).ok).toBe(true);
    expect(await send(row('dingtalk'))).toEqual({ ok: false, retryable: false, error: '未启用钉钉推送，无法发送' });
  });
});

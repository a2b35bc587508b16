import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { RawJson } from '../../db/repositories/inbound-messages.js';
import { createInboundRecorder } from '../../src/core/inbound-recorder.js';
import { freshDatabase, losesNextAnswer } from '../helpers/db.js';

/** One delivery of a message: each has its own attempt, as the turn handler gives it. */
const row = (messageId: string, text = '本月任务') => ({
  platform: 'wecom', messageId, chatExternalId: 'wrRec', senderExternalId: 'u1', text, attempt: randomUUID(),
});

describe('recording inbound messages in batches', () => {
  let database: Database;
  beforeAll(async () => { database = await freshDatabase(); });
  afterAll(async () => database?.close());

  it('records concurrent messages, each once, and says which were new', async () => {
    const recorder = createInboundRecorder(database, { maxBatch: 7, maxInFlight: 1 });
    const ids = Array.from({ length: 40 }, (_, i) => `rec-${i}`);
    const results = await Promise.all([...ids, 'rec-3', 'rec-3', 'rec-39'].map((id) => recorder.record(row(id))));
    expect(results.filter((r) => r.fresh)).toHaveLength(40);
    expect(results.slice(40).every((r) => !r.fresh)).toBe(true);
    expect(new Set(results.map((r) => r.version)).size).toBe(1);
    const [counted] = await database.rows<{ n: number }>(sql`select count(*)::int as n from inbound_messages where message_id like 'rec-%'`);
    expect(counted!.n).toBe(40);
    expect((await recorder.record(row('rec-0'))).fresh).toBe(false);
  });

  it('stores resume data given as a value or as the JSON text a callback came as, side by side in one batch', async () => {
    const recorder = createInboundRecorder(database, { maxInFlight: 1 });
    const callback = { msgid: 'res-2', text: { content: '@工会助手 本月任务 "引号" \\ 换行\n' }, response_url: 'http://x/?a=1&b=2' };
    await Promise.all([
      recorder.record({ ...row('res-1'), resume: { callback, receivedAt: 1 } }),
      recorder.record({ ...row('res-2'), resume: new RawJson(`{"callback":${JSON.stringify(callback, null, 2)},"receivedAt":2}`) }),
      recorder.record(row('res-3')),
    ]);
    const stored = await database.rows<{ message_id: string; resume: unknown }>(
      sql`select message_id, resume from inbound_messages where message_id like 'res-%' order by message_id`);
    expect(stored).toEqual([
      { message_id: 'res-1', resume: { callback, receivedAt: 1 } },
      { message_id: 'res-2', resume: { callback, receivedAt: 2 } },
      { message_id: 'res-3', resume: null },
    ]);
  });

  it('is quiet only while nothing is being recorded or waiting to be', async () => {
    const recorder = createInboundRecorder(database, { maxInFlight: 1 });
    expect(recorder.quiet).toBe(true);
    const first = recorder.record(row('quiet-1'));
    expect(recorder.quiet).toBe(false);
    const second = recorder.record(row('quiet-2'));
    await first;
    await second;
    await new Promise((r) => setImmediate(r));
    expect(recorder.quiet).toBe(true);
  });

  it('a message the database refuses fails alone; the rest of its batch is recorded', async () => {
    const recorder = createInboundRecorder(database, { maxInFlight: 1 });
    // A NUL cannot be stored in PostgreSQL text (the turn handler strips it before recording; this bypasses that).
    const outcomes = await Promise.allSettled(['bad-ok-1', 'bad-nul', 'bad-ok-2', 'bad-ok-3'].map((id) =>
      recorder.record(row(id, id === 'bad-nul' ? 'a\u0000b' : '本月任务'))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const rows = await database.rows<{ message_id: string }>(sql`select message_id from inbound_messages where message_id like 'bad-%' order by 1`);
    expect(rows.map((r) => r.message_id)).toEqual(['bad-ok-1', 'bad-ok-2', 'bad-ok-3']);
  });

  it('a batch that committed but whose answer was lost fails whole; each message is then taken back by its own attempt', async () => {
    // The first statement (one message) goes through; the second, a batch of three queued behind it, is lost.
    const flaky = losesNextAnswer(database, { after: 1 });
    const recorder = createInboundRecorder(flaky, { maxInFlight: 1 });
    const rows = ['lost-0', 'lost-1', 'lost-2', 'lost-3'].map((id) => ({ ...row(id), attempt: `attempt-${id}` }));
    const results = await Promise.allSettled(rows.map((r) => recorder.record(r)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    // Someone else's attempt at the same message is a duplicate; the same attempt (a redelivery to the
    // process that lost the answer) holds it.
    expect((await recorder.record({ ...row('lost-1'), attempt: 'other' })).fresh).toBe(false);
    for (const r of rows.slice(1)) expect((await recorder.record(r)).fresh).toBe(true);
  });

  it('a message whose handler died is taken over by its redelivery once the lease has passed; a handled one never', async () => {
    const recorder = createInboundRecorder(database);
    expect((await recorder.record(row('crash-1'))).fresh).toBe(true); // its handler then dies: no handled mark
    expect((await recorder.record(row('done-1'))).fresh).toBe(true);
    recorder.handled({ platform: 'wecom', messageId: 'done-1' });
    await recorder.flush();
    // Within the lease the first is still being handled, as far as anyone can tell.
    expect((await recorder.record(row('crash-1'))).fresh).toBe(false);
    expect((await recorder.record(row('done-1'))).fresh).toBe(false);
    await database.rows(sql`update inbound_messages set created_at = now() - interval '31 seconds'
      where message_id in ('crash-1', 'done-1')`);
    expect((await recorder.record(row('crash-1'))).fresh).toBe(true);
    expect((await recorder.record(row('crash-1'))).fresh).toBe(false); // taken over once: the new attempt holds it
    expect((await recorder.record(row('done-1'))).fresh).toBe(false);
  });

  it('handled marks ride along with the next statement; a redelivery in that same statement is a duplicate', async () => {
    const recorder = createInboundRecorder(database);
    expect((await recorder.record(row('ride-1'))).fresh).toBe(true);
    recorder.handled({ platform: 'wecom', messageId: 'ride-1' });
    const [again, other] = await Promise.all([recorder.record(row('ride-1')), recorder.record(row('ride-2'))]);
    expect([again.fresh, other.fresh]).toEqual([false, true]);
    const rows = await database.rows<{ message_id: string; handled: boolean }>(sql`
      select message_id, handled_at is not null as handled from inbound_messages where message_id like 'ride-%' order by 1`);
    expect(rows).toEqual([{ message_id: 'ride-1', handled: true }, { message_id: 'ride-2', handled: false }]);
  });

  it('while the database is away, handled marks wait and go again later, without hammering it', async () => {
    let statements = 0;
    const away: Database = { ...database, rows: async () => { statements++; throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }); } };
    const recorder = createInboundRecorder(away);
    recorder.handled({ platform: 'wecom', messageId: 'away-1' });
    await new Promise((r) => setTimeout(r, 600));
    expect(statements).toBe(1); // the first try after 200 ms; the next one waits 2 s
    expect(recorder.pendingMarks).toBe(1);
  });

  it('the catalog version it reads moves when the directory changes', async () => {
    const recorder = createInboundRecorder(database);
    const before = (await recorder.record(row('ver-1'))).version;
    await database.rows(sql`insert into departments (name) values ('测试处')`);
    expect((await recorder.record(row('ver-2'))).version).toBeGreaterThan(before);
    await database.rows(sql`insert into inbound_messages (platform, message_id) values ('wecom', 'ver-x')`);
    const after = (await recorder.record(row('ver-3'))).version;
    await database.rows(sql`insert into chats (platform, external_id) values ('wecom', 'wrNewChat')`);
    expect((await recorder.record(row('ver-4'))).version).toBe(after);
  });
});

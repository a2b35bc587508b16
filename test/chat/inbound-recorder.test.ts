import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { createInboundRecorder } from '../../src/core/inbound-recorder.js';
import { freshDatabase, losesNextAnswer } from '../helpers/db.js';

const row = (messageId: string, text = '本月任务') => ({
  platform: 'wecom', messageId, chatExternalId: 'wrRec', senderExternalId: 'u1', text,
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

  it('a message the database refuses fails alone; the rest of its batch is recorded', async () => {
    const recorder = createInboundRecorder(database, { maxInFlight: 1 });
    // A NUL cannot be stored in PostgreSQL text (the turn handler strips it before recording; this bypasses that).
    const outcomes = await Promise.allSettled(['bad-ok-1', 'bad-nul', 'bad-ok-2', 'bad-ok-3'].map((id) =>
      recorder.record(row(id, id === 'bad-nul' ? 'a\u0000b' : '本月任务'))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const rows = await database.rows<{ message_id: string }>(sql`select message_id from inbound_messages where message_id like 'bad-%' order by 1`);
    expect(rows.map((r) => r.message_id)).toEqual(['bad-ok-1', 'bad-ok-2', 'bad-ok-3']);
  });

  it('after a batch that committed but whose answer was lost, each message is still its caller\'s', async () => {
    // The first statement (one message) goes through; the second, a batch of three queued behind it, is lost.
    const flaky = losesNextAnswer(database, { after: 1 });
    const recorder = createInboundRecorder(flaky, { maxInFlight: 1 });
    const rows = ['lost-0', 'lost-1', 'lost-2', 'lost-3'].map((id) => ({ ...row(id), attempt: `attempt-${id}` }));
    const results = await Promise.all(rows.map((r) => recorder.record(r)));
    expect(results.map((r) => r.fresh)).toEqual([true, true, true, true]);
    // Someone else's attempt at the same message is a duplicate.
    expect((await recorder.record({ ...row('lost-1'), attempt: 'other' })).fresh).toBe(false);
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

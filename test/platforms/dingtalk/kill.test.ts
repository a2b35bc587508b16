import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_CONCURRENCY } from '../../../src/platforms/shared/adapter-options.js';
import { DINGTALK_TEST, dingtalkHeaders } from '../../fakes/sign-requests.js';
import { freshDatabase, onServer } from '../../helpers/db.js';
import { forkReady } from '../../helpers/fork-ready.js';

const sample = JSON.parse(readFileSync(new URL('../../fixtures/platforms/dingtalk/group-command.json', import.meta.url), 'utf8'));
const MESSAGES = 80;

/**
 * DingTalk's sessionWebhook: records each session. While `holding`, it does not reply, so the bot's answer slots
 * stay taken and the answers past them wait: at the kill some answers are on their way and some not yet sent.
 */
function fakeSessionWebhook() {
  const received: string[] = [];
  let onRequest: () => void = () => {};
  let holding = true;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(new URL(req.url!, 'http://x').searchParams.get('session') ?? '');
      onRequest();
      if (!holding) res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  const openConnections = () => new Promise<number>((r) => server.getConnections((_e, n) => r(n)));
  const settled = async () => {
    for (let i = 0; i < 100 && (await openConnections()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
  };
  return {
    server, received, settled,
    set onRequest(f: () => void) { onRequest = f; },
    release() { holding = false; },
  };
}

function startBot(dbUrl: string, fakeUrl: string): Promise<{ child: ChildProcess; base: string }> {
  return forkReady<{ port: number }>(path.join(import.meta.dirname, 'kill-child.ts'),
    { CHILD_DB_URL: dbUrl, FAKE_URL: fakeUrl, CHILD_APP_SECRET: DINGTALK_TEST.appSecret }, 'bot')
    .then(({ child, ready }) => ({ child, base: `http://127.0.0.1:${ready.port}` }));
}

// The bot must run in its own process to be killed, against a database it reaches itself: PGlite lives in one process.
describe.skipIf(!onServer)('a DingTalk bot SIGKILLed between acknowledging messages and answering them (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const fake = fakeSessionWebhook();
  let fakeUrl: string;
  beforeAll(async () => {
    database = await freshDatabase();
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    fakeUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    fake.server.closeAllConnections();
    await new Promise((r) => fake.server.close(r));
    await database?.close();
  });

  it('every message DingTalk got a 200 for is answered after the restart; only answers on their way at the kill repeat, once', async () => {
    const first = await startBot(database.url, fakeUrl);
    const acknowledged: string[] = [];
    // The kill comes once every answer slot holds an answer on its way and more acknowledged messages wait behind.
    let kill = () => {};
    const killed = new Promise<void>((resolve) => {
      kill = () => {
        if (first.child.killed || fake.received.length < ANSWER_CONCURRENCY || acknowledged.length < ANSWER_CONCURRENCY + 8) return;
        first.child.kill('SIGKILL');
        resolve();
      };
    });
    fake.onRequest = () => kill();
    const post = async (i: number) => {
      const msgId = `msgKILL${i}`;
      const body = {
        ...sample.body, msgId, createAt: Date.now(), sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
        sessionWebhook: `${fakeUrl}/robot/sendBySession?session=${msgId}`,
      };
      try {
        const res = await fetch(`${first.base}/webhooks/dingtalk`, {
          method: 'POST', headers: { 'content-type': 'application/json', ...dingtalkHeaders(Date.now()) }, body: JSON.stringify(body),
        });
        if (res.status === 200) {
          acknowledged.push(msgId);
          kill();
        }
      } catch {
        // The bot died before acknowledging it: DingTalk has no 200 and the message is not the bot's to answer.
      }
    };
    // Sixteen senders at a time, until the kill.
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => { while (next < MESSAGES) await post(next++); }));
    await killed;
    const { child } = first;
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    // Requests the dead bot had already written reach the fake a moment later: they were sent before the kill,
    // so they count as answered before it. Its sockets are all closed once the fake has read what they carried.
    await fake.settled();
    fake.onRequest = () => {};
    fake.release();
    const answeredBefore = new Set(fake.received);
    const owed = acknowledged.filter((id) => !answeredBefore.has(id));
    expect(owed.length, 'messages acknowledged but not answered at the kill').toBeGreaterThan(0);

    // The restart comes after the ten minutes a dead process's attempt is given (aged here, not waited for).
    await database.rows(sql`update inbound_messages set created_at = now() - interval '15 minutes' where handled_at is null`);
    const second = await startBot(database.url, fakeUrl);
    try {
      const times = () => {
        const m = new Map<string, number>();
        for (const id of fake.received) m.set(id, (m.get(id) ?? 0) + 1);
        return m;
      };
      for (let i = 0; i < 300 && !acknowledged.every((id) => times().has(id)); i++) await new Promise((r) => setTimeout(r, 50));
      const n = times();
      for (const id of acknowledged) expect(n.get(id) ?? 0, id).toBeGreaterThanOrEqual(1);
      // A repeat only for an answer that reached DingTalk before its message was marked handled.
      for (const [id, count] of n) {
        expect(count, id).toBeLessThanOrEqual(2);
        if (count === 2) expect(answeredBefore.has(id), id).toBe(true);
      }
      console.info(`[kill] ${acknowledged.length} acknowledged, ${answeredBefore.size} answered before the kill, `
        + `${owed.length} owed; ${[...n.values()].filter((c) => c > 1).length} answered twice`);
    } finally {
      second.child.kill('SIGKILL');
    }
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dingtalkHeaders, wecomEnvelope } from '../fakes/sign-requests.js';
import { APOLOGY_MARK, botOnFreshDatabase, steady, summary, traffic, type Status } from './harness.js';

/**
 * Malformed, oversized, forged, stale and replayed callbacks mixed into steady valid traffic (8 + 8 a second
 * for 20 s, plus 10 hostile requests a second). Each hostile one gets its 400 / 413 / 401 and leaves no trace
 * (no inbound record, chat, member or reply); a replay of a valid callback is acknowledged with 200 and
 * never answered a second time, even while the original is still being handled.
 */
const RATE = 8;
const HOSTILE_RATE = 10;
const DURATION_MS = 20_000;
const MB = 1024 * 1024;

const env = botOnFreshDatabase();

describe('hostile callbacks during load', () => {
  it('rejects each with its status, writes nothing, and answers a replay at most once', async () => {
    const { bot, database } = env;
    const t = traffic(bot);
    const validDing: Array<{ id: string; body: string; headers: Record<string, string> }> = [];
    const validWecom: Array<{ id: string; query: string; body: string }> = [];
    const statuses = new Map<string, Status>();
    const wecomAnswers = new Map<string, string[]>();
    const replays: Array<{ id: string; platform: 'dingtalk' | 'wecom'; status: Status; answer: string }> = [];
    const hostile: Array<{ kind: string; want: number; got: Status }> = [];

    const validDingtalk = async (i: number) => {
      const id = `ok-dt-${i}`;
      const body = t.dingtalkBody(id, '本月任务');
      const headers = dingtalkHeaders(Date.now());
      validDing.push({ id, body, headers });
      statuses.set(id, (await t.postDingtalk(body, headers)).status);
    };
    const validWecomOne = async (i: number) => {
      const id = `ok-wc-${i}`;
      const e = wecomEnvelope(t.wecomPlain(id, '本月任务'));
      validWecom.push({ id, query: e.query, body: JSON.stringify(e.body) });
      const r = await t.postWecom(e.query, JSON.stringify(e.body));
      statuses.set(id, r.status);
      wecomAnswers.set(id, [...(wecomAnswers.get(id) ?? []), ...(r.status === 200 && r.text ? [t.openAnswer(r.text)] : [])]);
    };

    const badDing = (n: number) => t.dingtalkBody(`bad-dt-${n}`, '本月任务', { conversationId: 'cidBAD==', senderStaffId: 'badUser' });
    const badWecomPlain = (n: number) => ({ ...t.wecomPlain(`bad-wc-${n}`, '本月任务'), chatid: 'wrBAD', from: { userid: 'badUser' } });
    const kinds: Array<[string, number, (n: number) => Promise<{ status: Status; text?: string }>]> = [
      ['dingtalk malformed JSON', 400, (n) => t.postDingtalk(`{"msgId": "bad-dt-${n}",`, dingtalkHeaders(Date.now()))],
      ['dingtalk without msgId', 400, (n) => t.postDingtalk(JSON.stringify({ ...JSON.parse(badDing(n)), msgId: undefined }), dingtalkHeaders(Date.now()))],
      ['dingtalk array body', 400, () => t.postDingtalk('[1,2]', dingtalkHeaders(Date.now()))],
      ['dingtalk over 1 MB', 413, (n) => t.postDingtalk(JSON.stringify({ ...JSON.parse(badDing(n)), pad: 'x'.repeat(MB + 1024) }), dingtalkHeaders(Date.now()))],
      ['dingtalk forged sign', 401, (n) => t.postDingtalk(badDing(n), dingtalkHeaders(Date.now(), 'notTheAppSecret'))],
      ['dingtalk stale timestamp', 401, (n) => t.postDingtalk(badDing(n), dingtalkHeaders(Date.now() - 2 * 3_600_000))],
      ['dingtalk unsigned', 401, (n) => t.postDingtalk(badDing(n), {})],
      ['wecom malformed JSON', 400, () => { const e = wecomEnvelope(badWecomPlain(0)); return t.postWecom(e.query, '{"encrypt": '); }],
      ['wecom without encrypt', 400, (n) => { const e = wecomEnvelope(badWecomPlain(n)); return t.postWecom(e.query, JSON.stringify({ encrypt: 5 })); }],
      ['wecom over 1 MB', 413, (n) => { const e = wecomEnvelope(badWecomPlain(n)); return t.postWecom(e.query, JSON.stringify({ ...e.body, pad: 'x'.repeat(MB + 1024) })); }],
      ['wecom forged signature', 401, (n) => { const e = wecomEnvelope(badWecomPlain(n), { token: 'NotTheToken' }); return t.postWecom(e.query, JSON.stringify(e.body)); }],
      ['wecom body swapped', 401, (n) => {
        const a = wecomEnvelope(badWecomPlain(n));
        const b = wecomEnvelope({ ...badWecomPlain(n), text: { content: '删除所有任务' } });
        return t.postWecom(a.query, JSON.stringify(b.body));
      }],
      ['wecom plaintext not JSON', 400, () => { const e = wecomEnvelope('not json at all'); return t.postWecom(e.query, JSON.stringify(e.body)); }],
      ['wecom plaintext without msgid', 400, (n) => {
        const { msgid: _drop, ...rest } = badWecomPlain(n);
        const e = wecomEnvelope(rest);
        return t.postWecom(e.query, JSON.stringify(e.body));
      }],
    ];

    // Replays: an exact copy of a valid callback already sent (possibly still being handled).
    const replay = async (i: number) => {
      if (i % 2 === 0 && validDing.length) {
        const v = validDing[Math.floor(Math.random() * validDing.length)]!;
        const r = await t.postDingtalk(v.body, v.headers);
        replays.push({ id: v.id, platform: 'dingtalk', status: r.status, answer: '' });
      } else if (validWecom.length) {
        const v = validWecom[Math.floor(Math.random() * validWecom.length)]!;
        const r = await t.postWecom(v.query, v.body);
        const answer = r.status === 200 && r.text ? t.openAnswer(r.text) : '';
        if (answer) wecomAnswers.set(v.id, [...(wecomAnswers.get(v.id) ?? []), answer]);
        replays.push({ id: v.id, platform: 'wecom', status: r.status, answer });
      }
    };

    let next = 0;
    await Promise.all([
      steady(RATE, DURATION_MS, validDingtalk),
      steady(RATE, DURATION_MS, validWecomOne),
      steady(HOSTILE_RATE, DURATION_MS, async (i) => {
        // Every third hostile slot is a replay; the others cycle through the malformed and forged kinds.
        if (i % 3 === 2) return replay(i);
        const [kind, want, send] = kinds[next++ % kinds.length]!;
        hostile.push({ kind, want, got: (await send(i)).status });
      }),
    ]);
    await bot.idle();

    const dt = t.dingtalkAnswers();
    const late = t.wecomLateAnswers();
    const problems: string[] = [];
    for (const h of hostile) if (h.got !== h.want) problems.push(`${h.kind}: HTTP ${h.got}, expected ${h.want}`);
    for (const r of replays) if (r.status !== 200) problems.push(`replay of ${r.id}: HTTP ${r.status}`);
    let lost = 0;
    let duplicated = 0;
    for (const [id, s] of statuses) {
      if (s !== 200) { problems.push(`${id}: HTTP ${s}`); continue; }
      const answers = id.startsWith('ok-dt') ? dt.get(id) ?? [] : [...(wecomAnswers.get(id) ?? []), ...(late.get(id) ?? [])];
      if (answers.length === 0) lost++;
      if (answers.length > 1) duplicated++;
      if (answers.some((a) => a.includes(APOLOGY_MARK))) problems.push(`${id}: apology`);
    }
    const traces = await database.rows<{ what: string; n: number }>(sql`
      select 'inbound' as what, count(*)::int as n from inbound_messages where message_id like 'bad-%' or chat_external_id like '%BAD%'
      union all select 'chats', count(*)::int from chats where platform <> 'console' and external_id not in ('cidRELIABLE==', 'wrRELIABLE')
      union all select 'members', count(*)::int from members where platform <> 'console' and external_id not in ('zhangsan', 'lisi')`);
    const written = traces.reduce((s, r) => s + Number(r.n), 0);
    const badReplies = [...dt.keys(), ...late.keys()].filter((k) => k.startsWith('bad-')).length;
    const [recorded] = await database.rows<{ n: number }>(sql`select count(*)::int as n from inbound_messages`);
    const byKind = new Map<string, number>();
    for (const h of hostile) byKind.set(`${h.want}`, (byKind.get(`${h.want}`) ?? 0) + 1);

    summary('hostile callbacks', {
      valid: statuses.size, hostile: hostile.length, rejected_400: byKind.get('400') ?? 0, rejected_413: byKind.get('413') ?? 0,
      rejected_401: byKind.get('401') ?? 0, wrong_status: hostile.filter((h) => h.got !== h.want).length, replays: replays.length,
      replays_answered: replays.filter((r) => r.answer).length, written_by_hostile: written, replies_to_hostile: badReplies,
      lost, duplicated,
    });
    expect(problems.slice(0, 20)).toEqual([]);
    expect(new Set(hostile.map((h) => h.kind)).size).toBe(kinds.length);
    expect(written).toBe(0);
    expect(badReplies).toBe(0);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(replays.length).toBeGreaterThan(0);
    expect(recorded!.n).toBe(statuses.size);
  });
});

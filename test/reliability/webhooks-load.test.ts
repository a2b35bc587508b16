import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { APOLOGY_MARK, QUESTIONS, botOnFreshDatabase, steady, summary, traffic, type Status } from './harness.js';

/**
 * Both webhooks under a steady load for 60 s, concurrently: 100 signed DingTalk callbacks and
 * 100 encrypted WeCom callbacks a second (12,000 messages), open loop, each with its own message id, over
 * the real chat core on PostgreSQL. Zero errors; every message answered exactly once.
 */
const RATE = 100;
const DURATION_MS = 60_000;

const env = botOnFreshDatabase();

describe('webhooks under steady load', () => {
  it(`${RATE}/s DingTalk + ${RATE}/s WeCom for ${DURATION_MS / 1000} s: no errors, every message answered exactly once`, async () => {
    const { bot, database } = env;
    const t = traffic(bot);
    const dingStatus = new Map<string, Status>();
    const wecomOut = new Map<string, { status: Status; answer: string; question: number }>();
    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all([
      steady(RATE, DURATION_MS, async (i) => {
        const id = `load-dt-${i}`;
        dingStatus.set(id, await t.dingtalk(id, QUESTIONS[i % QUESTIONS.length]![0]));
      }),
      steady(RATE, DURATION_MS, async (i) => {
        const id = `load-wc-${i}`;
        const s = performance.now();
        const r = await t.wecom(id, QUESTIONS[i % QUESTIONS.length]![0]);
        latencies.push(performance.now() - s);
        wecomOut.set(id, { ...r, question: i % QUESTIONS.length });
      }),
    ]);
    await bot.idle();
    const elapsed = (performance.now() - t0) / 1000;

    const dtAnswers = t.dingtalkAnswers();
    const late = t.wecomLateAnswers();
    const problems: string[] = [];
    let dtLost = 0, dtDup = 0, wcLost = 0, wcDup = 0, wrong = 0, errors = 0;
    for (const [id, status] of dingStatus) {
      if (status !== 200) { errors++; problems.push(`${id}: HTTP ${status}`); continue; }
      const got = dtAnswers.get(id) ?? [];
      if (got.length === 0) { dtLost++; problems.push(`${id}: no answer`); }
      if (got.length > 1) { dtDup++; problems.push(`${id}: ${got.length} answers`); }
      const want = QUESTIONS[Number(id.split('-').at(-1)) % QUESTIONS.length]![1];
      if (got[0] && (!got[0].includes(want) || got[0].includes(APOLOGY_MARK))) { wrong++; problems.push(`${id}: unexpected answer ${got[0].slice(0, 80)}`); }
    }
    for (const [id, r] of wecomOut) {
      if (r.status !== 200) { errors++; problems.push(`${id}: HTTP ${r.status}`); continue; }
      const got = [...(r.answer ? [r.answer] : []), ...(late.get(id) ?? [])];
      if (got.length === 0) { wcLost++; problems.push(`${id}: no answer`); }
      if (got.length > 1) { wcDup++; problems.push(`${id}: ${got.length} answers`); }
      const want = QUESTIONS[r.question]![1];
      if (got[0] && (!got[0].includes(want) || got[0].includes(APOLOGY_MARK))) { wrong++; problems.push(`${id}: unexpected answer ${got[0].slice(0, 80)}`); }
    }
    const [recorded] = await database.rows<{ n: number }>(sql`select count(*)::int as n from inbound_messages where message_id like 'load-%'`);
    const handlerErrors = bot.logs.lines.filter((l) => l.includes('"level":"error"')).length;
    latencies.sort((a, b) => a - b);
    summary('steady load', {
      rate: `${RATE}+${RATE}/s`, seconds: elapsed.toFixed(0), dingtalk: dingStatus.size, wecom: wecomOut.size,
      errors, lost: dtLost + wcLost, duplicated: dtDup + wcDup, wrong, late_wecom: [...late.values()].length,
      recorded: recorded!.n, handler_errors: handlerErrors,
      wecom_p50_ms: latencies[Math.floor(latencies.length / 2)]!.toFixed(0), wecom_max_ms: latencies.at(-1)!.toFixed(0),
    });
    expect(problems.slice(0, 20)).toEqual([]);
    expect(dingStatus.size + wecomOut.size).toBe((2 * RATE * DURATION_MS) / 1000);
    expect(recorded!.n).toBe(dingStatus.size + wecomOut.size);
    expect(handlerErrors).toBe(0);
  });
});

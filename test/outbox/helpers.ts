import type { Database } from '../../db/client.js';
import { insertOutboxRows } from '../../db/repositories/outbox.js';
import type { SendFn, SendResult } from '../../src/outbox/senders.js';

/** A clock the test moves by hand; it starts a moment after the rows' default next_attempt_at (the database's now()). */
export function fakeClock(start = Date.now() + 1_000) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => { now += ms; },
  };
}

/** Inserts `n` console rows for each robot key given, e.g. { A: 100, B: 30 }. */
export async function seedRows(database: Database, perRobot: Record<string, number>, prefix = 't'): Promise<number> {
  const rows = Object.entries(perRobot).flatMap(([robot, n]) => Array.from({ length: n }, (_, i) => ({
    dedupeKey: `${prefix}|${robot}|${i}`, kind: 'kickoff', chatId: null, platform: 'console', robotKey: robot,
    payload: { text: `${robot} #${i}`, format: 'text' },
  })));
  return insertOutboxRows(database.db, rows);
}

export interface Delivery { id: number; robotKey: string; at: number; worker: string }

/** A sender that records each delivery with the fake time, after a little real latency so workers interleave. */
export function recordingSender(clock: { now: () => Date }, log: Delivery[], worker: string,
  answer: (row: { id: number; robotKey: string }) => SendResult = () => ({ ok: true, response: { errcode: 0 } })): SendFn {
  return async (row) => {
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    const result = answer(row);
    if (result.ok) log.push({ id: row.id, robotKey: row.robotKey, at: clock.now().getTime(), worker });
    return result;
  };
}

/** The largest number of deliveries of one robot inside any window of `ms` (half-open: (t - ms, t]). */
export function maxInWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! <= sorted[i]! - ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

import { and, asc, desc, eq, gt, gte, inArray, lte, or, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client.js';
import { chats, outbox } from '../schema.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxStatus = OutboxRow['status'];

export interface NewOutboxRow {
  dedupeKey: string;
  kind: string;
  chatId: number | null;
  platform: string;
  robotKey: string;
  payload: Record<string, unknown>;
  /** Not sent before this (a late reminder held for working hours); at once when absent. */
  notBefore?: Date;
}

/** A claimed row with its chat's push target (webhook, secret…), read at send time and never stored in the row. */
export interface ClaimedRow extends OutboxRow {
  target: Record<string, string> | null;
}

// Rows travel as one JSON parameter per batch: thousands of rows cost one bind and one parse on the server,
// where a multi-row VALUES list would cost six parameters a row (and a slow statement build) instead.
const INSERT_BATCH = 2000;

/** Inserts rows, skipping those whose dedupe key exists; returns how many were new. */
export async function insertOutboxRows(db: DbOrTx, rows: NewOutboxRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH).map((r) => ({
      dedupe_key: r.dedupeKey, kind: r.kind, chat_id: r.chatId, platform: r.platform, robot_key: r.robotKey,
      payload: r.payload, not_before: r.notBefore?.toISOString() ?? null,
    }));
    const result = await db.execute(sql`with ins as (
        insert into outbox (dedupe_key, kind, chat_id, platform, robot_key, payload, next_attempt_at)
        select r.dedupe_key, r.kind, r.chat_id, r.platform, r.robot_key, r.payload, coalesce(r.not_before, now())
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
          as r(dedupe_key text, kind text, chat_id integer, platform text, robot_key text, payload jsonb, not_before timestamptz)
        on conflict (dedupe_key) do nothing
        returning 1)
      select count(*)::int as n from ins`);
    const first = (Array.isArray(result) ? result[0] : (result as { rows: unknown[] }).rows[0]) as { n: number };
    inserted += Number(first.n);
  }
  return inserted;
}

/**
 * The task windows each chat was told of on `day`, by kind: "kind|chatId" → {"K7Q2#0", …}. Read from the rows'
 * payload (`windows`), or from the dedupe key (`kind|day|chat:id|K7Q2#0,…`) of rows written before it was kept.
 */
export async function windowsToldOn(db: DbOrTx, day: string): Promise<Map<string, Set<string>>> {
  const rows = await db.select({ key: outbox.dedupeKey, windows: sql<string[] | null>`${outbox.payload}->'windows'` })
    .from(outbox).where(sql`${outbox.dedupeKey} like ${`%|${day}|chat:%`}`);
  const told = new Map<string, Set<string>>();
  for (const r of rows) {
    const [kind, , chat, listed] = r.key.split('|');
    if (!kind || !chat?.startsWith('chat:')) continue;
    const windows = r.windows ?? (listed && !listed.startsWith('h:') ? listed.split(',') : []);
    const k = `${kind}|${chat.slice(5)}`;
    const set = told.get(k) ?? new Set<string>();
    for (const w of windows) if (w) set.add(w);
    told.set(k, set);
  }
  return told;
}

export interface ClaimOptions {
  now: Date;
  /** Rows looked at per claim. */
  limit: number;
  /** How long a claimed row stays ours; after it a crashed sender's row is claimed again. */
  leaseMs: number;
  /** Per-robot limit: at most `perWindow` attempts in any `windowMs`. */
  perWindow: number;
  windowMs: number;
}

// Two-key advisory locks live in their own key space, apart from the migration lock.
const ROBOT_LOCK_NS = 727_002;

/**
 * Claims due rows (pending, or `sending` whose lease ran out) with FOR UPDATE SKIP LOCKED, so concurrent
 * workers never take the same row, and marks them `sending` under a lease. Per robot it takes at most
 * `perWindow` minus what that robot used in the last `windowMs`: attempts that ended in the window
 * (attempted_at) plus rows in flight under a live lease. A transaction-scoped advisory lock per robot
 * makes that count-then-claim atomic across processes. Rows over the limit wait until a slot frees.
 */
export async function claimDueRows(database: Database, o: ClaimOptions): Promise<ClaimedRow[]> {
  return database.db.transaction(async (tx) => {
    const candidates = await tx.select({ id: outbox.id, robotKey: outbox.robotKey }).from(outbox)
      .where(and(inArray(outbox.status, ['pending', 'sending']), lte(outbox.nextAttemptAt, o.now)))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id)).limit(o.limit)
      .for('update', { skipLocked: true });
    if (!candidates.length) return [];
    const keys = [...new Set(candidates.map((c) => c.robotKey))].sort();
    // One at a time and in sorted order: two claimers never wait on each other in a cycle.
    for (const k of keys) await tx.execute(sql`select pg_advisory_xact_lock(${ROBOT_LOCK_NS}, hashtext(${k}))`);
    const windowStart = new Date(o.now.getTime() - o.windowMs);
    // Each attempt once: one in flight (a live lease), the latest that ended, and the one before it, in the window.
    const inFlight = and(eq(outbox.status, 'sending'), gt(outbox.nextAttemptAt, o.now))!;
    const latest = gte(outbox.attemptedAt, windowStart);
    const before = gte(outbox.previousAttemptedAt, windowStart);
    const usage = await tx.select({
      robotKey: outbox.robotKey,
      used: sql<number>`(count(*) filter (where ${inFlight}) + count(*) filter (where ${latest}) + count(*) filter (where ${before}))::int`,
      oldest: sql<string | null>`least(min(${outbox.attemptedAt}) filter (where ${latest}),
        min(${outbox.previousAttemptedAt}) filter (where ${before}))::text`,
    }).from(outbox).where(and(inArray(outbox.robotKey, keys), or(inFlight, latest, before))).groupBy(outbox.robotKey);
    const left = new Map(keys.map((k) => [k, o.perWindow]));
    const freeAt = new Map<string, Date>();
    for (const u of usage) {
      left.set(u.robotKey, o.perWindow - Number(u.used));
      const oldest = u.oldest ? new Date(u.oldest).getTime() + o.windowMs : o.now.getTime() + 1000;
      freeAt.set(u.robotKey, new Date(Math.max(oldest, o.now.getTime() + 1000)));
    }
    const picked: number[] = [];
    const waiting = new Map<string, number[]>();
    for (const c of candidates) {
      const n = left.get(c.robotKey)!;
      if (n > 0) { picked.push(c.id); left.set(c.robotKey, n - 1); continue; }
      waiting.set(c.robotKey, [...(waiting.get(c.robotKey) ?? []), c.id]);
    }
    // Rows over the limit step aside until a slot frees, so other robots' rows are not starved behind them.
    for (const [k, ids] of waiting) {
      await tx.update(outbox).set({ status: 'pending', nextAttemptAt: freeAt.get(k) ?? new Date(o.now.getTime() + 1000) })
        .where(inArray(outbox.id, ids));
    }
    if (!picked.length) return [];
    const rows = await tx.update(outbox).set({
      status: 'sending', attempts: sql`${outbox.attempts} + 1`,
      nextAttemptAt: new Date(o.now.getTime() + o.leaseMs),
    }).where(inArray(outbox.id, picked)).returning();
    const chatIds = [...new Set(rows.map((r) => r.chatId).filter((x): x is number => x !== null))];
    const targets = new Map(chatIds.length
      ? (await tx.select({ id: chats.id, push: chats.push }).from(chats).where(inArray(chats.id, chatIds)))
        .map((c) => [c.id, c.push] as const)
      : []);
    return rows.sort((a, b) => a.id - b.id)
      .map((r) => ({ ...r, target: r.chatId === null ? null : targets.get(r.chatId) ?? null }));
  });
}

/** The claim is still ours when the row is `sending` with the attempt number we set: a fencing token. */
const stillOurs = (id: number, attempts: number) =>
  and(eq(outbox.id, id), eq(outbox.status, 'sending'), eq(outbox.attempts, attempts));

/**
 * Extends a claim just before its send, so a send never starts on a lease that may run out under it;
 * false when the claim was lost (the lease ran out while the row waited and another worker took it).
 */
export async function renewLease(db: DbOrTx, id: number, attempts: number, until: Date): Promise<boolean> {
  const rows = await db.update(outbox).set({ nextAttemptAt: until }).where(stillOurs(id, attempts))
    .returning({ id: outbox.id });
  return rows.length > 0;
}

export async function markSent(db: DbOrTx, id: number, attempts: number, now: Date, response: unknown): Promise<boolean> {
  const rows = await db.update(outbox).set({
    status: 'sent', sentAt: now, attemptedAt: now, previousAttemptedAt: sql`${outbox.attemptedAt}`, response: response ?? null, lastError: null,
  }).where(stillOurs(id, attempts)).returning({ id: outbox.id });
  return rows.length > 0;
}

/**
 * A failed attempt: back to pending until `retryAt`, or dead-lettered when `retryAt` is null. `givenBack`: the
 * attempt does not count against the row's limit (the platform said "too fast": the robot, not the row, must wait).
 */
export async function markFailed(
  db: DbOrTx, id: number, attempts: number, now: Date, error: string, retryAt: Date | null, givenBack = false,
): Promise<boolean> {
  const rows = await db.update(outbox).set(retryAt
    ? { status: 'pending', nextAttemptAt: retryAt, attemptedAt: now, previousAttemptedAt: sql`${outbox.attemptedAt}`, lastError: error,
      ...(givenBack ? { attempts: attempts - 1 } : {}) }
    : { status: 'dead', attemptedAt: now, previousAttemptedAt: sql`${outbox.attemptedAt}`, lastError: error })
    .where(stillOurs(id, attempts)).returning({ id: outbox.id });
  return rows.length > 0;
}

/** Gives a claimed row back untried (its robot was just rate-limited): the claim does not count as an attempt. */
export async function releaseRow(db: DbOrTx, id: number, attempts: number, until: Date): Promise<boolean> {
  const rows = await db.update(outbox).set({ status: 'pending', nextAttemptAt: until, attempts: attempts - 1 })
    .where(stillOurs(id, attempts)).returning({ id: outbox.id });
  return rows.length > 0;
}

/** After the platform said “too fast”: nothing more for this robot before `until`. */
export async function deferRobot(db: DbOrTx, robotKey: string, until: Date): Promise<void> {
  await db.update(outbox).set({ nextAttemptAt: sql`greatest(${outbox.nextAttemptAt}, ${until.toISOString()}::timestamptz)` })
    .where(and(eq(outbox.robotKey, robotKey), eq(outbox.status, 'pending')));
}

export interface OutboxListing extends Omit<OutboxRow, 'response' | 'previousAttemptedAt'> {
  chatName: string | null;
}

/** The latest `limit` rows, oldest first, with their chat's name (for `planbot outbox` and the console). */
export async function listOutbox(db: DbOrTx, limit = 1000): Promise<OutboxListing[]> {
  const rows = await db.select({
    id: outbox.id, dedupeKey: outbox.dedupeKey, kind: outbox.kind, chatId: outbox.chatId, platform: outbox.platform,
    robotKey: outbox.robotKey, payload: outbox.payload, status: outbox.status, attempts: outbox.attempts,
    nextAttemptAt: outbox.nextAttemptAt, lastError: outbox.lastError, createdAt: outbox.createdAt,
    sentAt: outbox.sentAt, attemptedAt: outbox.attemptedAt, chatName: chats.name,
  }).from(outbox).leftJoin(chats, eq(chats.id, outbox.chatId)).orderBy(desc(outbox.id)).limit(limit);
  return rows.reverse();
}

export async function countOutbox(db: DbOrTx): Promise<Record<OutboxStatus, number>> {
  const rows = await db.select({ status: outbox.status, n: sql<number>`count(*)::int` }).from(outbox)
    .groupBy(outbox.status);
  const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/**
 * Puts dead-lettered rows back in the queue (after the office fixed what made them fail): pending, due now,
 * attempts counted afresh. Only rows that are dead change; returns their ids.
 */
export async function requeueDead(db: DbOrTx, ids: number[] | 'all', now: Date): Promise<number[]> {
  const which = ids === 'all' ? eq(outbox.status, 'dead') : and(eq(outbox.status, 'dead'), inArray(outbox.id, ids));
  const rows = await db.update(outbox).set({ status: 'pending', attempts: 0, nextAttemptAt: now })
    .where(which).returning({ id: outbox.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Status of each of these rows (missing ids are absent). */
export async function outboxStatuses(db: DbOrTx, ids: number[]): Promise<Map<number, OutboxStatus>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: outbox.id, status: outbox.status }).from(outbox).where(inArray(outbox.id, ids));
  return new Map(rows.map((r) => [r.id, r.status]));
}

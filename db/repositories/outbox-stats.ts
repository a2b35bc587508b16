import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';

/** Outbox rows per status and the age of the oldest due row still pending, for /metrics. */
export async function outboxStats(db: DbOrTx): Promise<{ byStatus: Record<string, number>; oldestPendingSeconds: number }> {
  const rows = (await db.execute(sql`select status, count(*)::int as n,
      coalesce(extract(epoch from now() - min(created_at) filter (where status = 'pending' and next_attempt_at <= now())), 0)::float8 as oldest
    from outbox group by status`)) as unknown as { rows?: Row[] } | Row[];
  const list = Array.isArray(rows) ? rows : rows.rows ?? [];
  const byStatus: Record<string, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
  let oldest = 0;
  for (const r of list) {
    byStatus[r.status] = Number(r.n);
    oldest = Math.max(oldest, Number(r.oldest));
  }
  return { byStatus, oldestPendingSeconds: oldest };
}
type Row = { status: string; n: number; oldest: number };

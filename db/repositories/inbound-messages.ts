import { and, eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client.js';
import { inboundMessages } from '../schema.js';

export interface InboundRow {
  platform: string;
  messageId: string;
  chatExternalId: string;
  senderExternalId: string;
  text: string;
  /** The handling attempt (see inbound_messages.attempt); optional for callers that never retry. */
  attempt?: string;
}

/**
 * Records an inbound message; false when (platform, message id) was already recorded, i.e. a redelivery.
 * Inside a transaction a concurrent duplicate waits on the primary key until the first one commits or rolls back.
 */
export async function recordInbound(db: DbOrTx, m: InboundRow): Promise<boolean> {
  const rows = await db.insert(inboundMessages).values(m).onConflictDoNothing()
    .returning({ one: sql<number>`1` });
  return rows.length > 0;
}

/**
 * Records several inbound messages in one statement (it commits on its own) and reads the catalog version in
 * the same statement. Returns the keys (`platform:messageId`) that are the caller's to answer: new ones, and
 * ones an earlier statement recorded with the same attempt (it committed, but its caller never heard back).
 * A message id twice in one batch is recorded once.
 */
export async function recordInboundBatch(database: Database, batch: InboundRow[]): Promise<{ fresh: Set<string>; version: number }> {
  const input = JSON.stringify(batch.map((m) => ({
    platform: m.platform, message_id: m.messageId, chat_external_id: m.chatExternalId,
    sender_external_id: m.senderExternalId, text: m.text, attempt: m.attempt ?? null,
  })));
  const rows = await database.rows<{ key: string | null; version: number | string | null }>(sql`
    with input as (
      select * from json_to_recordset(${input}::json)
        as x(platform text, message_id text, chat_external_id text, sender_external_id text, text text, attempt text)
    ), added as (
      insert into inbound_messages (platform, message_id, chat_external_id, sender_external_id, text, attempt)
      select platform, message_id, chat_external_id, sender_external_id, text, attempt from input
      on conflict do nothing
      returning platform || ':' || message_id as key
    )
    select key, null::bigint as version from added
    union all select i.platform || ':' || i.message_id, null from inbound_messages i
      join input x on x.platform = i.platform and x.message_id = i.message_id and x.attempt = i.attempt
    union all select null, version from catalog_version`);
  const fresh = new Set<string>();
  let version: number | undefined;
  for (const r of rows) {
    if (r.key !== null) fresh.add(r.key);
    else version = Number(r.version);
  }
  if (version === undefined) throw new Error('catalog_version has no row: the database is not migrated');
  return { fresh, version };
}

/** Forgets a recorded message, so that its redelivery is handled afresh (after a turn that failed). */
export async function forgetInbound(db: DbOrTx, platform: string, messageId: string): Promise<void> {
  await db.delete(inboundMessages).where(and(eq(inboundMessages.platform, platform), eq(inboundMessages.messageId, messageId)));
}

/** The current catalog version (see catalog_version in db/schema.ts). */
export async function catalogVersion(database: Database, tx?: DbOrTx): Promise<number> {
  const [row] = await database.rows<{ version: number | string }>(sql`select version from catalog_version`, tx);
  if (!row) throw new Error('catalog_version has no row: the database is not migrated');
  return Number(row.version);
}

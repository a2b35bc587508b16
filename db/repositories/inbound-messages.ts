import { and, asc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client.js';
import { inboundMessages } from '../schema.js';
import { storableJson } from '../storable.js';

export interface InboundRow {
  platform: string;
  messageId: string;
  chatExternalId: string;
  senderExternalId: string;
  text: string;
  /** The handling attempt (see inbound_messages.attempt). */
  attempt: string;
  /**
   * What the adapter needs to answer it after a crash (see inbound_messages.resume); absent when it answers at once.
   * A RawJson is stored as the JSON text it holds.
   */
  resume?: unknown;
}

/**
 * JSON text to store as it is: a callback's own body, which the adapter has just parsed (so it is valid JSON), is
 * not serialised again for every message.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** The rows as the JSON array recordInboundBatch sends, each resume written once. */
function rowsJson(batch: InboundRow[]): string {
  return `[${batch.map((m) => {
    const fields = JSON.stringify({
      platform: m.platform, message_id: m.messageId, chat_external_id: m.chatExternalId,
      sender_external_id: m.senderExternalId, text: m.text, attempt: m.attempt,
    });
    const resume = m.resume === undefined ? 'null' : storableJson(m.resume instanceof RawJson ? m.resume.text : JSON.stringify(m.resume));
    return `${fields.slice(0, -1)},"resume":${resume}}`;
  }).join(',')}]`;
}

export interface MessageKey { platform: string; messageId: string }

export const inboundKey = (m: MessageKey) => `${m.platform}:${m.messageId}`;

/**
 * A record without handled_at older than this belongs to a handler that died (a crash, a restart): the
 * message's redelivery takes it over. Longer than any turn takes (platforms want an answer within seconds).
 */
export const HANDLING_LEASE_SECONDS = 30;

/**
 * One statement, committing on its own, for a batch of turns:
 * - marks `handled` messages as handled (turns that completed since the last statement);
 * - takes the `batch` messages: a new message is recorded; a recorded one is taken over only if it is not
 *   handled and either was recorded by the same attempt (its statement committed, but its caller never heard
 *   back), or released after a failure (attempt null), or taken longer ago than the lease (created_at is when
 *   the latest attempt took it). Anything else is a redelivery of a message
 *   handled or being handled elsewhere;
 * - reads the catalog version.
 * Returns the keys (`platform:messageId`) the caller now holds, and the version. A message id twice in one
 * batch is taken once. A key must not be both taken and marked in one call.
 */
export async function recordInboundBatch(
  database: Database, batch: InboundRow[], handled: MessageKey[] = [],
): Promise<{ taken: Set<string>; version: number }> {
  const input = rowsJson(batch);
  const done = JSON.stringify(handled.map((m) => ({ platform: m.platform, message_id: m.messageId })));
  // The same keys as two plain lists, so the planner finds the rows through the primary key; joined with
  // json_to_recordset alone it scans the whole table (it guesses that function returns 100 rows).
  const donePlatforms = JSON.stringify([...new Set(handled.map((m) => m.platform))]);
  const doneIds = JSON.stringify(handled.map((m) => m.messageId));
  const rows = await database.rows<{ key: string | null; version: number | string | null }>(sql`
    with input as (
      select distinct on (platform, message_id) * from json_to_recordset(${input}::json)
        as x(platform text, message_id text, chat_external_id text, sender_external_id text, text text, attempt text,
          resume jsonb)
    ), done as ( -- runs although nothing reads it (a data-modifying WITH always does)
      update inbound_messages i set handled_at = now(), resume = null
      from json_to_recordset(${done}::json) as d(platform text, message_id text)
      where i.platform = any (array(select json_array_elements_text(${donePlatforms}::json)))
        and i.message_id = any (array(select json_array_elements_text(${doneIds}::json)))
        and i.platform = d.platform and i.message_id = d.message_id and i.handled_at is null
      returning 1
    ), taken as (
      insert into inbound_messages (platform, message_id, chat_external_id, sender_external_id, text, attempt, resume)
      select platform, message_id, chat_external_id, sender_external_id, text, attempt, resume from input
      on conflict (platform, message_id) do update set attempt = excluded.attempt, created_at = now(),
        resume = excluded.resume
        where inbound_messages.handled_at is null
          and (inbound_messages.attempt is null or inbound_messages.attempt = excluded.attempt
            or inbound_messages.created_at < now() - make_interval(secs => ${HANDLING_LEASE_SECONDS}))
      returning platform || ':' || message_id as key
    )
    select key, null::bigint as version from taken
    union all select null, version from catalog_version`);
  const taken = new Set<string>();
  let version: number | undefined;
  for (const r of rows) {
    if (r.key !== null) taken.add(r.key);
    else if (r.version !== null) version = Number(r.version);
  }
  if (version === undefined) throw new Error('catalog_version has no row: the database is not migrated');
  return { taken, version };
}

/** Marks a message handled inside a writing command's transaction, so it commits with the writes. */
export async function markHandled(db: DbOrTx, m: MessageKey): Promise<void> {
  await db.update(inboundMessages).set({ handledAt: sql`now()`, resume: null })
    .where(stillUnhandled(m));
}

/**
 * After a failed turn: the record stays (it is the log of what was said) but is released, so the message's
 * redelivery, or the user sending it again, is taken over at once instead of after the lease.
 */
export async function releaseInbound(db: DbOrTx, m: MessageKey): Promise<void> {
  await db.update(inboundMessages).set({ attempt: null, resume: null })
    .where(stillUnhandled(m));
}

/**
 * A message still holding its resume data this long after its attempt began was acknowledged, but its process
 * died before answering it. Far longer than a turn takes, or a wait in an adapter's queue (a full DingTalk
 * backlog behind a platform timing out takes about five minutes to drain); the process holding a message skips
 * it in its own sweep whatever its age.
 */
export const RESUME_AFTER_SECONDS = 600;

/**
 * The resume data of `platform`'s messages acknowledged but never answered (their process died), oldest first.
 * Answering one goes through the handler as usual, which takes the record over (it is older than the lease).
 */
export async function listUnanswered(
  db: DbOrTx, platform: string, limit = 100,
): Promise<{ messageId: string; resume: unknown }[]> {
  return db.select({ messageId: inboundMessages.messageId, resume: inboundMessages.resume }).from(inboundMessages)
    .where(and(eq(inboundMessages.platform, platform), isNull(inboundMessages.handledAt), isNotNull(inboundMessages.resume),
      isNotNull(inboundMessages.attempt),
      lt(inboundMessages.receivedAt, sql`now() - make_interval(secs => ${RESUME_AFTER_SECONDS})`)))
    .orderBy(asc(inboundMessages.receivedAt))
    .limit(limit);
}

const stillUnhandled = (m: MessageKey) =>
  and(eq(inboundMessages.platform, m.platform), eq(inboundMessages.messageId, m.messageId), isNull(inboundMessages.handledAt));

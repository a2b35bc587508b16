import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { inboundMessages } from '../schema.js';

/**
 * Records an inbound message; false when (platform, message id) was already recorded, i.e. a redelivery.
 * Inside a transaction a concurrent duplicate waits on the primary key until the first one commits or rolls back.
 */
export async function recordInbound(db: DbOrTx, m: {
  platform: string; messageId: string; chatExternalId: string; senderExternalId: string; text: string;
}): Promise<boolean> {
  const rows = await db.insert(inboundMessages).values(m).onConflictDoNothing()
    .returning({ one: sql<number>`1` });
  return rows.length > 0;
}

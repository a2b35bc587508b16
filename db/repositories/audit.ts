import type { DbOrTx } from '../client.js';
import { auditLog } from '../schema.js';

/**
 * Records who changed what. Callers pass their transaction so the entry commits with the change.
 * `at` defaults to the database's now(); chat commands pass the message's time (the bot's clock).
 */
export async function audit(
  db: DbOrTx, entry: { actor: string; action: string; subject?: string; details?: Record<string, unknown>; at?: Date },
): Promise<void> {
  await db.insert(auditLog).values(entry);
}

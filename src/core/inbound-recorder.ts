import type { Database } from '../../db/client.js';
import { recordInboundBatch, type InboundRow } from '../../db/repositories/inbound-messages.js';

export interface Recorded {
  /** False for a redelivery: the message was recorded before (or earlier in the same batch). */
  fresh: boolean;
  /** The catalog version read in the same statement. */
  version: number;
}

interface Waiting { row: InboundRow; resolve(r: Recorded): void; reject(err: unknown): void }

/**
 * Records inbound messages for the turn handler, group-commit style: a message arriving while earlier ones
 * are being written waits and goes with the others in the next statement. One message alone is written at
 * once, so an idle bot adds no delay; under load, fifty messages cost one round trip instead of fifty.
 * If a batch fails, each of its messages is tried alone, so one bad message cannot fail the others.
 */
export function createInboundRecorder(database: Database, opts: { maxBatch?: number; maxInFlight?: number } = {}) {
  const maxBatch = opts.maxBatch ?? 100;
  const maxInFlight = opts.maxInFlight ?? 1;
  const queue: Waiting[] = [];
  let inFlight = 0;

  async function write(batch: Waiting[]): Promise<void> {
    try {
      const { fresh, version } = await recordInboundBatch(database, batch.map((w) => w.row));
      for (const w of batch) {
        const key = `${w.row.platform}:${w.row.messageId}`;
        // The first of the same id in a batch takes it; any later one is its redelivery.
        w.resolve({ fresh: fresh.delete(key), version });
      }
    } catch (err) {
      if (batch.length === 1) { batch[0]!.reject(err); return; }
      for (const w of batch) await write([w]);
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length) {
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      void write(batch).finally(() => { inFlight--; pump(); });
    }
  }

  return {
    record(row: InboundRow): Promise<Recorded> {
      return new Promise<Recorded>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        pump();
      });
    },
  };
}
export type InboundRecorder = ReturnType<typeof createInboundRecorder>;

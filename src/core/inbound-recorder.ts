import type { Database } from '../../db/client.js';
import { inboundKey, recordInboundBatch, type InboundRow, type MessageKey } from '../../db/repositories/inbound-messages.js';
import { errorCodes } from './errors.js';

export interface Recorded {
  /** True when this attempt holds the message; false for a redelivery of one handled or being handled. */
  fresh: boolean;
  /** The catalog version read in the same statement. */
  version: number;
}

interface Waiting { row: InboundRow; resolve(r: Recorded): void; reject(err: unknown): void }

/** How long a completed turn may wait for its handled mark to ride along with a later statement. */
const MARK_DELAY_MS = 200;
/** After a failed statement, pending marks wait this long before going alone (records still carry them). */
const MARK_RETRY_MS = 2000;
/** Marks kept while the database is away; beyond, further ones are dropped (their messages may be answered twice). */
const MAX_PENDING_MARKS = 10_000;

/**
 * Records inbound messages for the turn handler, group-commit style: a message arriving while a statement is
 * in flight waits and goes with the others in the next one. One message alone is written at once, so an idle
 * bot adds no delay; under load, many messages cost one round trip. The same statements carry the handled
 * marks of completed turns (handled()), or a statement of their own after MARK_DELAY_MS when nothing else goes.
 *
 * If a batch fails on its data, each message is tried alone, so one bad message cannot fail the others; if the
 * database is unreachable the whole batch fails at once (the turn handler's attempts cover a lost commit).
 */
export function createInboundRecorder(database: Database, opts: { maxBatch?: number; maxInFlight?: number } = {}) {
  const maxBatch = opts.maxBatch ?? 100;
  const maxInFlight = opts.maxInFlight ?? 1;
  const queue: Waiting[] = [];
  let marks = new Map<string, MessageKey>();
  let markTimer: NodeJS.Timeout | undefined;
  let inFlight = 0;

  async function write(batch: Waiting[], handled: MessageKey[]): Promise<void> {
    try {
      const { taken, version } = await recordInboundBatch(database, batch.map((w) => w.row), handled);
      for (const w of batch) {
        // The first of the same id in a batch takes it; any later one is its redelivery.
        w.resolve({ fresh: taken.delete(inboundKey(w.row)), version });
      }
    } catch (err) {
      if (handled.length) retryMarksLater(handled);
      if (batch.length <= 1 || !isDataError(err)) { for (const w of batch) w.reject(err); return; }
      for (const w of batch) await write([w], []);
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && (queue.length || (marks.size && !markTimer))) {
      const batch = queue.splice(0, maxBatch);
      const handled = takeMarks();
      // A redelivery of a message whose mark goes in this very statement is a duplicate: settle it here.
      const marked = new Set(handled.map(inboundKey));
      const rows = batch.filter((w) => {
        if (!marked.has(inboundKey(w.row))) return true;
        w.resolve({ fresh: false, version: NaN });
        return false;
      });
      inFlight++;
      void write(rows, handled).finally(() => { inFlight--; pump(); });
    }
  }

  /** Marks whose statement failed (the database is away) go again after a pause, not in a tight loop. */
  function retryMarksLater(handled: MessageKey[]): void {
    for (const m of handled) if (marks.size < MAX_PENDING_MARKS) marks.set(inboundKey(m), m);
    if (markTimer) clearTimeout(markTimer);
    markTimer = marksIn(MARK_RETRY_MS);
  }

  /** Pending marks go `ms` from now, alone if no statement took them meanwhile. */
  function marksIn(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => { markTimer = undefined; pump(); }, ms);
    timer.unref();
    return timer;
  }

  return {
    record(row: InboundRow): Promise<Recorded> {
      return new Promise<Recorded>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        pump();
      });
    },
    /** The turn of this message completed: mark it handled with the next statement (or soon on its own). */
    handled(m: MessageKey): void {
      marks.set(inboundKey(m), m);
      markTimer ??= marksIn(MARK_DELAY_MS);
    },
    /** Writes any pending handled marks now (shutdown, tests). */
    async flush(): Promise<void> {
      if (markTimer) { clearTimeout(markTimer); markTimer = undefined; }
      if (marks.size) await write([], takeMarks());
    },
    /** Marks waiting to be written (tests). */
    get pendingMarks(): number { return marks.size; },
    /** No statement in flight and none waiting: a message recorded now goes alone, at once. */
    get quiet(): boolean { return inFlight === 0 && queue.length === 0; },
  };

  function takeMarks(): MessageKey[] {
    const out = [...marks.values()];
    marks = new Map();
    return out;
  }
}
export type InboundRecorder = ReturnType<typeof createInboundRecorder>;

/** A problem with the data sent (SQLSTATE class 22 data exception, 23 integrity violation), not with the connection. */
function isDataError(err: unknown): boolean {
  return errorCodes(err).some((c) => /^(22|23)[0-9A-Z]{3}$/.test(c));
}

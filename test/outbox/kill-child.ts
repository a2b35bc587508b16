/**
 * A delivery worker in its own process, for kill.test.ts: it delivers to the test's fake platform at
 * FAKE_URL and is SIGKILLed mid-delivery. Run with `node --import tsx`.
 */
import { createDb } from '../../db/client.js';
import { createOutboxWorker } from '../../src/outbox/worker.js';

const database = await createDb(process.env.CHILD_DB_URL!);
const worker = createOutboxWorker({
  database,
  options: { leaseMs: Number(process.env.CHILD_LEASE_MS), sendTimeoutMs: 1_000, perWindow: 1_000, pollMs: 20, batchSize: 20 },
  send: async (row) => {
    const res = await fetch(process.env.FAKE_URL!, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: row.id, worker: process.env.CHILD_NAME }),
    });
    return res.ok ? { ok: true, response: await res.json() } : { ok: false, retryable: true, error: `HTTP ${res.status}` };
  },
});
worker.start();
process.send?.('ready');

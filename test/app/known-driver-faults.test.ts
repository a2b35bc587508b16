import { describe, expect, it } from 'vitest';
import { isPostgresJsClosedSocketWrite } from '../../src/observability/known-driver-faults.js';

describe('known driver faults', () => {
  it('recognises only postgres.js writing to a closed socket', () => {
    const known = Object.assign(new TypeError("Cannot read properties of null (reading 'write')"), {
      stack: "TypeError: Cannot read properties of null (reading 'write')\n    at Immediate.nextWrite (/app/node_modules/postgres/src/connection.js:255:22)",
    });
    expect(isPostgresJsClosedSocketWrite(known)).toBe(true);
    const elsewhere = Object.assign(new TypeError("Cannot read properties of null (reading 'write')"), {
      stack: "TypeError: Cannot read properties of null (reading 'write')\n    at send (/app/src/outbox/worker.ts:10:5)",
    });
    expect(isPostgresJsClosedSocketWrite(elsewhere)).toBe(false);
    expect(isPostgresJsClosedSocketWrite(new Error('boom'))).toBe(false);
    expect(isPostgresJsClosedSocketWrite(undefined)).toBe(false);
  });
});

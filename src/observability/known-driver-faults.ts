/**
 * postgres.js 3.4.9 can throw from a timer when PostgreSQL goes away mid-write: `nextWrite` calls
 * `socket.write` after `closed()` has set the socket to null ("Cannot read properties of null (reading
 * 'write')", node_modules/postgres/src/connection.js). The connection is already closed and its pending
 * queries fail with CONNECTION_CLOSED, so the process can go on; crashing it would turn a database
 * restart into a bot outage. Seen in the reliability suite's PostgreSQL restart test.
 */
export function isPostgresJsClosedSocketWrite(err: unknown): boolean {
  const e = err as { name?: string; message?: string; stack?: string } | undefined;
  return e?.name === 'TypeError' && /reading 'write'/.test(e.message ?? '') &&
    /postgres[\\/]src[\\/]connection\.js/.test(e.stack ?? '') && /nextWrite/.test(e.stack ?? '');
}

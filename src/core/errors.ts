/**
 * Coded errors, in one place. `message` is what a user sees: short, polite Chinese saying what to do next.
 * Anything that is not a UserError is a bug or an outage: users get a generic apology, the log gets the rest.
 */
export type ErrorCode =
  | 'USAGE'
  | 'NOT_FOUND'
  | 'PLAN_FILE'
  | 'DIRECTORY_FILE'
  | 'DATABASE_UNAVAILABLE'
  | 'CONFIG'
  | 'FORBIDDEN'
  | 'BAD_REQUEST';

export class UserError extends Error {
  constructor(readonly code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

/**
 * True for the errors postgres.js and PGlite raise when the server is gone or unreachable, also when drizzle
 * wrapped them ("Failed query", the driver's error as its cause).
 */
export function isConnectionError(err: unknown): boolean {
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'CONNECTION_CLOSED',
    'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P03', '08006', '08001', '08003'];
  for (let e = err as { code?: string; errno?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (codes.includes(e.code ?? e.errno ?? '')) return true;
  }
  return false;
}

export function databaseUnavailable(where: string, cause: unknown): UserError {
  return new UserError('DATABASE_UNAVAILABLE',
    `无法连接数据库（${where}）。请确认数据库已启动、地址和账号正确，然后重试。`, { cause });
}

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

/** The codes (code or errno) of an error and its causes: drizzle wraps the driver's error as its cause. */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err as { code?: unknown; errno?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    const code = e.code ?? e.errno;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'CONNECTION_CLOSED',
  'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P03', '08006', '08001', '08003']);

/** True for the errors postgres.js and PGlite raise when the server is gone or unreachable, wrapped or not. */
export function isConnectionError(err: unknown): boolean {
  return errorCodes(err).some((c) => CONNECTION_CODES.has(c));
}

export function databaseUnavailable(where: string, cause: unknown): UserError {
  return new UserError('DATABASE_UNAVAILABLE',
    `无法连接数据库（${where}）。请确认数据库已启动、地址和账号正确，然后重试。`, { cause });
}

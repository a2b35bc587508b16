/**
 * Coded errors, in one place. `message` is what a user sees: short, polite Chinese saying what to do next.
 * Anything that is not a UserError is a bug or an outage: users get a generic apology, the log gets the rest.
 */
export type ErrorCode =
  | 'USAGE'
  | 'NOT_FOUND'
  | 'PLAN_FILE'
  | 'DIRECTORY_FILE'
  | 'HOLIDAY_NOTICE'
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

/**
 * What to tell a user whose database refused or could not be reached, or undefined for other errors: the
 * server is away, the database named does not exist, or the login was refused. `where` is the redacted URL.
 */
export function databaseRefusal(where: string, err: unknown): UserError | undefined {
  // Already said in Chinese where it was raised (a folder not writable, a database in use): kept as it is.
  if (err instanceof UserError) return undefined;
  const codes = errorCodes(err);
  if (codes.includes('3D000')) {
    return new UserError('DATABASE_UNAVAILABLE', `数据库不存在（${where}）。请先在数据库服务器上创建它，或改正地址中的库名。`, { cause: err });
  }
  if (codes.includes('28P01') || codes.includes('28000')) {
    return new UserError('DATABASE_UNAVAILABLE',
      `数据库拒绝登录（${where}）：用户名或密码不正确，或该用户无权访问。请检查地址中的账号和密码。`, { cause: err });
  }
  if (codes.includes('42501')) {
    return new UserError('DATABASE_UNAVAILABLE',
      `数据库用户没有所需的权限（${where}）：助手需要在该库中建表和读写数据。请让数据库管理员把该库的所有者设为此用户`
      + '（ALTER DATABASE 库名 OWNER TO 用户名），或授予权限（GRANT ALL ON SCHEMA public TO 用户名），然后重试。', { cause: err });
  }
  if (codes.some((c) => c === 'EACCES' || c === 'EPERM' || c === 'EROFS') || /permission denied/i.test(messages(err))) {
    return new UserError('DATABASE_UNAVAILABLE',
      `没有权限读写数据库的文件（${where}）。运行助手的用户需要能读写内置数据库文件夹中的全部文件：请用该用户运行，`
      + '或修改文件的所有者（如 chown -R 用户 data/pglite；Docker 镜像中的用户为 1000）。', { cause: err });
  }
  return isConnectionError(err) ? databaseUnavailable(where, err) : undefined;
}

/** The messages of an error and its causes. */
function messages(err: unknown): string {
  const out: string[] = [];
  for (let e = err as { message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.message === 'string') out.push(e.message);
  }
  return out.join('\n');
}

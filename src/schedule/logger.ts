/** The slice of a pino / Fastify logger the scheduler and the outbox worker use. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Error details for a log line: message and code, never a connection string. */
export function errorFields(err: unknown): { err: { message: string; code?: string } } {
  const e = err as { message?: string; code?: string };
  return { err: { message: String(e?.message ?? err), ...(e?.code ? { code: e.code } : {}) } };
}

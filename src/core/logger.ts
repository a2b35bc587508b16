type LogFn = (fields: Record<string, unknown>, msg?: string) => void;

/** The logging the chat core needs; a pino / Fastify logger fits as it is. */
export interface Logger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

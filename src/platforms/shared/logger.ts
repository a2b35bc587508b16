/**
 * The slice of a pino/Fastify logger the platform layer uses. Calls always pass an object first,
 * so `app.log` and `pino()` fit without an adapter.
 *
 * Never put tokens, AES keys, secrets, webhook URLs (their query holds the key), response_url or
 * sessionWebhook values into these objects: log `describeUrl(url)` instead.
 */
export interface PlatformLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: PlatformLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Origin and path of a URL, without its query (where WeCom keys, DingTalk tokens and sessions live). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}

/** An error as loggable fields; the message of a fetch error never contains the URL's query in Node 20. */
export function errorFields(err: unknown): { err: { name: string; message: string; code?: string } } {
  const e = err as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  return { err: { name: e?.name ?? 'Error', message: e?.message ?? String(err), code: e?.code ?? e?.cause?.code } };
}

/**
 * The adapter's logger: the one passed in, or else the Fastify app's once `register(app)` runs (adapters
 * are built before the app exists), or else silent.
 */
export function adapterLogger(given?: PlatformLogger): PlatformLogger & { adopt(app: PlatformLogger): void } {
  let target = given ?? silentLogger;
  return {
    debug: (o, m) => target.debug(o, m),
    info: (o, m) => target.info(o, m),
    warn: (o, m) => target.warn(o, m),
    error: (o, m) => target.error(o, m),
    adopt(app) {
      if (!given) target = app;
    },
  };
}

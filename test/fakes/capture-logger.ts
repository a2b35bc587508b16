import type { PlatformLogger } from '../../src/platforms/shared/logger.js';

/** A logger that keeps every entry as one JSON line, to assert what never appears in logs. */
export function captureLogger() {
  const lines: string[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push(JSON.stringify({ level, msg, ...obj }));
  const logger: PlatformLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines, text: () => lines.join('\n') };
}

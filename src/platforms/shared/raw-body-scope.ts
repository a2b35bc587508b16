import type { FastifyInstance } from 'fastify';

/**
 * Registers routes in an encapsulated scope whose body is always the raw UTF-8 string, whatever the
 * Content-Type (WeCom's and DingTalk's exact header values are not documented; platforms.md §7).
 * The adapter then verifies before it parses, and a malformed body gets our 400, not Fastify's.
 * `parseAs: 'string'` keeps the app-wide bodyLimit (1 MB, app.ts), so oversize bodies still get 413.
 */
export async function registerRawBodyRoutes(
  app: FastifyInstance,
  routes: (scope: FastifyInstance) => void,
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    routes(scope);
  });
}

/** Parses a JSON object body; anything else (array, number, broken text) is undefined. */
export function parseJsonObject(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

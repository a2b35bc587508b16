// PostgreSQL text and jsonb cannot hold NUL, and UTF-8 cannot hold a lone UTF-16 surrogate: a stray one in a
// chat message or its callback must not turn an answerable question into a database error.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Any NUL or surrogate: most strings have neither, and are stored as they came. */
const MAY_NEED_CLEANING = /[\u0000\uD800-\uDFFF]/;

/** The string without NUL, and with each lone surrogate replaced by U+FFFD. */
export function storable(s: string): string {
  return MAY_NEED_CLEANING.test(s) ? s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD') : s;
}

/** A NUL or a surrogate written as a JSON escape (a pair is two; telling them apart is left to storableJson). */
const ESCAPED = /\\u(?:0000|d[89a-f])/i;

/**
 * JSON text jsonb accepts: as it is when it holds no escaped NUL or surrogate (nearly always), else parsed and
 * written again with every string and key made storable.
 */
export function storableJson(text: string): string {
  if (!ESCAPED.test(text)) return text;
  return JSON.stringify(clean(JSON.parse(text)));
}

function clean(v: unknown): unknown {
  if (typeof v === 'string') return storable(v);
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [storable(k), clean(x)]));
  }
  return v;
}

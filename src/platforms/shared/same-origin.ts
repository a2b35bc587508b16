/**
 * design.md §9: a sessionWebhook, response_url or push URL whose origin is not the configured base is
 * refused and no request goes out. The URLs arrive inside callbacks or from the directory file, so this
 * keeps a forged or mistyped value from sending chat content (or our signature) elsewhere.
 */
export function hasOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

/** The base URL joined with an absolute path; a trailing slash on the base (or a path prefix) is kept. */
export function joinUrl(base: string, path: string): URL {
  const u = new URL(base);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}${path}`;
  return u;
}

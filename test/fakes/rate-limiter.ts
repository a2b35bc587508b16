/**
 * Per-robot limit as the platforms enforce it: at most `limit` messages in any `windowMs`; with
 * `blockMs`, exceeding it blocks the robot for that long (DingTalk: 10 minutes, §2a). The clock is
 * injected so tests jump ahead instead of waiting a minute.
 */
export function createRateLimiter(opts: { limit: number; windowMs: number; blockMs?: number; now: () => number }) {
  const hits = new Map<string, number[]>();
  const blockedUntil = new Map<string, number>();
  return {
    /** Records a send attempt; false when it must be refused. */
    allow(key: string): boolean {
      const t = opts.now();
      if ((blockedUntil.get(key) ?? 0) > t) return false;
      const recent = (hits.get(key) ?? []).filter((h) => t - h < opts.windowMs);
      if (recent.length >= opts.limit) {
        if (opts.blockMs) blockedUntil.set(key, t + opts.blockMs);
        hits.set(key, recent);
        return false;
      }
      recent.push(t);
      hits.set(key, recent);
      return true;
    },
  };
}

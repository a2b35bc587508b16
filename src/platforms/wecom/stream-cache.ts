/**
 * Final content of the streams we answered, kept for WeCom's 6-minute polling window (platforms.md §1b),
 * so a stream-refresh callback (if WeCom sends one after finish:true, §7.2) gets the same content again
 * instead of an error. Bounded: old entries fall out first.
 */
export interface StreamCache {
  put(streamId: string, content: string): void;
  get(streamId: string): string | undefined;
}

export const STREAM_POLL_WINDOW_MS = 6 * 60_000;

export function createStreamCache(now: () => Date, max = 1000): StreamCache {
  const entries = new Map<string, { content: string; at: number }>();
  return {
    put(streamId, content) {
      entries.delete(streamId);
      entries.set(streamId, { content, at: now().getTime() });
      // The oldest tenth goes at once when full, rather than one entry per answer.
      if (entries.size > max) {
        const oldest = entries.keys();
        for (let n = Math.max(1, Math.floor(max / 10)); n > 0; n--) entries.delete(oldest.next().value as string);
      }
    },
    get(streamId) {
      const e = entries.get(streamId);
      if (!e) return undefined;
      if (now().getTime() - e.at > STREAM_POLL_WINDOW_MS) {
        entries.delete(streamId);
        return undefined;
      }
      return e.content;
    },
  };
}

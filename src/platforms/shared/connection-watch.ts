/** How long a long connection may stay down (never up since start, or lost) before /readyz names it. */
export const CONNECTION_GRACE_MS = 2 * 60_000;

/**
 * For /readyz: how long a long connection (WeCom websocket, DingTalk Stream) has been down, read when asked. Down
 * from `start()` until first seen up; a drop counts from when it was first seen down. Short reconnects are normal
 * and never reported; past `graceMs` the platform hears nothing and the problem is named.
 */
export function connectionWatch(isUp: () => boolean, what: string, graceMs = CONNECTION_GRACE_MS, now = Date.now) {
  let downSince: number | undefined;
  return {
    start() {
      downSince = now();
    },
    problem(): string | undefined {
      if (isUp()) {
        downSince = undefined;
        return undefined;
      }
      downSince ??= now();
      if (now() - downSince < graceMs) return undefined;
      return `${what} down since ${new Date(downSince).toISOString()}: check the network and the platform settings`;
    },
  };
}

/** A settable clock for fakes and adapters: `clock.now()` in ms, `clock.date()` as a Date. */
export function fakeClock(start = Date.now()) {
  let t = start;
  return {
    now: () => t,
    date: () => new Date(t),
    set(ms: number) {
      t = ms;
    },
    advance(ms: number) {
      t += ms;
    },
  };
}
export type FakeClock = ReturnType<typeof fakeClock>;

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

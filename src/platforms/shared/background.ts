import type { PlatformLogger } from './logger.js';
import { errorFields } from './logger.js';

/**
 * Work that continues after the HTTP response was sent (platforms.md §5: acknowledge within ~1 s, reply
 * out of band). Tracked so shutdown can wait for replies in flight instead of dropping them.
 */
export interface BackgroundTasks {
  run(what: string, task: () => Promise<void>): void;
  /** Resolves when every task started so far has settled. */
  drain(): Promise<void>;
  /** Tasks running or waiting for a turn. */
  readonly size: number;
}

/**
 * `concurrency` bounds how many tasks run at once (the rest wait their turn, first come first served), so
 * a burst queues in order instead of every message competing for the database at once.
 */
export function createBackgroundTasks(log: () => PlatformLogger, opts: { concurrency?: number } = {}): BackgroundTasks {
  const pending = new Set<Promise<void>>();
  const concurrency = opts.concurrency ?? Infinity;
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (running < concurrency) { running++; return; }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next(); else running--;
  };
  return {
    run(what, task) {
      const p = slot()
        .then(() => Promise.resolve().then(task).finally(release))
        .catch((err) => log().error({ task: what, ...errorFields(err) }, 'background task failed'))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async drain() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    get size() {
      return pending.size;
    },
  };
}

import type { PlatformName } from '../../core/message.js';
import type { IncomingMessage } from '../../core/message.js';
import type { Deliver, MessageHandler } from '../../core/platform.js';
import { safeAccept } from './safe-handle.js';
import { errorFields, type PlatformLogger } from './logger.js';

/** How often a running bot looks for messages whose process died before answering them. */
export const RESUME_SWEEP_MS = 60_000;
/** Batches of unanswered messages taken in one sweep at most, so a sweep always ends. */
const MAX_ROUNDS = 20;
/** Unanswered messages answered at once. */
const RESUME_CONCURRENCY = 8;

/** What became of one: answered here, taken by another replica meanwhile, or its data could not be used. */
export type ResumeOutcome = 'answered' | 'taken' | 'unusable';

export interface ResumeSweep {
  /** One sweep now: resolves with how many messages were answered. */
  sweep(): Promise<number>;
  /** Resolves when no sweep is in progress (tests). */
  idle(): Promise<void>;
  /** No more sweeps; waits for one in progress. */
  stop(): Promise<void>;
}

/**
 * Answers the messages of `platform` that a process acknowledged and then died before answering (see
 * MessageHandler.accept): once at start and then every RESUME_SWEEP_MS while the adapter runs. Each goes to
 * `resume`, which handles it as though it had just arrived, with its resume data; a message whose data cannot
 * be used is given up. Replicas may sweep at the same time: the handler lets one take each.
 */
export function startResumeSweep(o: {
  handle: MessageHandler;
  platform: PlatformName;
  log: PlatformLogger;
  resume(data: unknown): Promise<ResumeOutcome>;
  /** Messages this process is still working on (waiting in its queue): never taken over by its own sweep. */
  holding?(messageId: string): boolean;
  everyMs?: number;
}): ResumeSweep {
  const { unanswered, abandon } = o.handle;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function sweepOnce(): Promise<number> {
    if (!unanswered) return 0;
    let answered = 0;
    for (let round = 0; round < MAX_ROUNDS && !stopped; round++) {
      const batch = await unanswered(o.platform);
      let progress = 0;
      // A few at a time: each waits for its answer's round trip to the platform.
      const next = batch.values();
      await Promise.all(Array.from({ length: RESUME_CONCURRENCY }, async () => {
        for (const m of next) {
          if (stopped) return;
          if (o.holding?.(m.messageId)) continue;
          try {
            const outcome = await o.resume(m.resume);
            if (outcome === 'answered') progress++;
            else if (outcome === 'unusable') await abandon?.(o.platform, m.messageId);
          } catch (err) {
            o.log.warn({ platform: o.platform, ...errorFields(err) }, 'unanswered messages could not be looked for; trying again later');
            return;
          }
        }
      }));
      answered += progress;
      // Until none is left; a batch where none went through (another replica took them) would only repeat.
      if (progress === 0) break;
    }
    if (answered) {
      o.log.warn({ platform: o.platform, answered }, 'answered messages a stopped process had acknowledged but not answered');
    }
    return answered;
  }

  const sweep = (): Promise<number> => {
    running ??= sweepOnce()
      .catch((err) => {
        o.log.warn({ platform: o.platform, ...errorFields(err) }, 'unanswered messages could not be looked for; trying again later');
        return 0;
      })
      .finally(() => { running = undefined; });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void sweep().finally(schedule), o.everyMs ?? RESUME_SWEEP_MS);
    timer.unref();
  };
  void sweep().finally(schedule);

  return {
    sweep,
    async idle() {
      await running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * A swept message, taken over and answered through `deliver` (its platform's way to answer late): `taken` when
 * this process does not hold it (another replica took it meanwhile, or the recording failed and is tried again at
 * the next sweep; nothing is sent then, not even an apology), or when its turn had nothing to say.
 */
export async function answerResumed(
  handle: MessageHandler, message: IncomingMessage, log: PlatformLogger, deliver: Deliver,
): Promise<ResumeOutcome> {
  const rest = await safeAccept(handle, message, log);
  if (!rest.held) return 'taken';
  let answered = false;
  await rest(async (answer) => {
    answered = true;
    await deliver(answer);
  });
  return answered ? 'answered' : 'taken';
}

/**
 * Message ids this process is working on, so its own resume sweep leaves them alone. Counted: a redelivery that
 * arrives while the first delivery is still being answered ends first, and must not release the message.
 */
export function createHolding() {
  const counts = new Map<string, number>();
  return {
    add(id: string): void {
      counts.set(id, (counts.get(id) ?? 0) + 1);
    },
    release(id: string): void {
      const n = (counts.get(id) ?? 0) - 1;
      if (n > 0) counts.set(id, n);
      else counts.delete(id);
    },
    has: (id: string): boolean => counts.has(id),
  };
}

import type { Reply } from '../../core/reply.js';

/** How a callback's HTTP response ends: with the answer (passive reply), or empty (late, or nothing to say). */
export type PassiveOutcome = { kind: 'answer'; answer: Reply } | { kind: 'late' } | { kind: 'nothing' };

/**
 * Decides, once, whether an answer can still go back in a callback's HTTP response. `answer` before the deadline
 * takes the response and returns true; after it, it returns false and the answer must go out of band. The
 * decision and the deadline cannot race: whichever comes first settles `outcome`.
 */
export function passiveGate(deadlineMs: number) {
  let settle!: (o: PassiveOutcome) => void;
  let open = true;
  const outcome = new Promise<PassiveOutcome>((resolve) => (settle = resolve));
  const close = (o: PassiveOutcome): boolean => {
    if (!open) return false;
    open = false;
    clearTimeout(timer);
    settle(o);
    return true;
  };
  const timer = setTimeout(() => close({ kind: 'late' }), deadlineMs);
  return {
    outcome,
    /** True when the answer goes in the response; false when the deadline has passed. */
    answer: (answer: Reply) => close({ kind: 'answer', answer }),
    /** The turn ended without an answer for the response (a redelivery): answered empty at once. */
    nothing: () => void close({ kind: 'nothing' }),
    /** The request's connection closed before the answer was ready: no response can carry it any more. */
    gone: () => void close({ kind: 'late' }),
  };
}

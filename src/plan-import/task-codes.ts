import { createHash } from 'node:crypto';

// Letter-digit-letter-digit (e.g. K7Q2): easy to read aloud and type on a phone, never a Chinese word,
// and no look-alikes (no I, L, O, 0, 1).
const LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const DIGITS = '23456789';
export const TASK_CODE_PATTERN = /(?<![A-Za-z0-9])([A-HJKMNP-Za-hjkmnp-z][2-9][A-HJKMNP-Za-hjkmnp-z][2-9])(?![A-Za-z0-9])/;

function codeFrom(seed: string, attempt: number): string {
  const h = createHash('sha256').update(`${seed}#${attempt}`).digest();
  return LETTERS[h[0]! % LETTERS.length]! + DIGITS[h[1]! % DIGITS.length]! +
    LETTERS[h[2]! % LETTERS.length]! + DIGITS[h[3]! % DIGITS.length]!;
}

/**
 * Stable codes for a plan's tasks: derived from the plan's identity and the task's ref and title, so the
 * same document always yields the same codes (a dry run shows the codes a real import stores).
 * `taken` holds codes already used by other tasks; collisions move on to the next attempt.
 */
export function assignCodes(
  planKey: string,
  tasks: { ref: string; title: string }[],
  taken: ReadonlySet<string> = new Set(),
): string[] {
  const used = new Set(taken);
  return tasks.map((t) => {
    for (let attempt = 0; ; attempt++) {
      const code = codeFrom(`${planKey}|${t.ref}|${t.title}`, attempt);
      if (!used.has(code)) {
        used.add(code);
        return code;
      }
    }
  });
}

export function normaliseCode(s: string): string {
  return s.toUpperCase();
}

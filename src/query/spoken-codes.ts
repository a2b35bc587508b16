import { normaliseCode } from '../plan-import/task-codes.js';

const CN_DIGITS = '二三四五六七八九';
const LETTER = '[A-Za-z\\uFF21-\\uFF3A\\uFF41-\\uFF5A]';
const DIGIT = `[2-9\\uFF12-\\uFF19${CN_DIGITS}]`;
// Letter, digit, letter, digit with spaces between or digits in Chinese: "V4 W5", "v 4 w 5", "V四W五" (voice input).
const SPOKEN = new RegExp(`(?<![A-Za-z0-9\\uFF10-\\uFF5A])${LETTER}\\s*${DIGIT}\\s*${LETTER}\\s*${DIGIT}(?![A-Za-z0-9\\uFF10-\\uFF5A])`, 'g');

const ascii = (c: string) => {
  const cn = CN_DIGITS.indexOf(c);
  if (cn >= 0) return String(cn + 2);
  const code = c.charCodeAt(0);
  return code >= 0xFF01 ? String.fromCharCode(code - 0xFEE0) : c;
};

/**
 * "V4 W5已完成", "V四W五已完成", "v 4 w 5 完成了": a task code typed with spaces or spoken with Chinese digits, written
 * as the code, but only when that code is one of `codes` (the active tasks'): ordinary words never turn into a code.
 */
export function withSpokenCodes(text: string, codes: { has(code: string): boolean }): string {
  return text.replace(SPOKEN, (m) => {
    const code = normaliseCode([...m.replace(/\s+/g, '')].map(ascii).join(''));
    return m.length > 4 || new RegExp(`[${CN_DIGITS}]`).test(m) ? (codes.has(code) ? code : m) : m;
  });
}

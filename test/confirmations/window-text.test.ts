import { describe, expect, it } from 'vitest';
import { windowText } from '../../src/confirmations/windows.js';
import { formatWindows } from '../../src/core/months.js';

const w = (startYear: number, startMonth: number, endYear: number, endMonth: number) => ({ startYear, startMonth, endYear, endMonth });

describe('windows in words (answers, reminders, the ledger)', () => {
  it('reads as a person writes it, with the year only where it is not the plan’s', () => {
    expect(windowText(w(2026, 7, 2026, 7), 2026)).toBe('7月');
    expect(windowText(w(2026, 7, 2026, 8), 2026)).toBe('7-8月');
    expect(windowText(w(2026, 1, 2026, 12), 2026)).toBe('全年');
    expect(windowText(w(2027, 1, 2027, 1), 2026)).toBe('2027年1月');
    expect(windowText(w(2027, 1, 2027, 3), 2026)).toBe('2027年1-3月');
  });

  it('a window across the new year names both ends’ months (not “11-2027年1月”)', () => {
    expect(windowText(w(2026, 11, 2027, 1), 2026)).toBe('11月-2027年1月');
    expect(windowText(w(2026, 12, 2027, 2), 2025)).toBe('2026年12月-2027年2月');
    expect(formatWindows([w(2026, 10, 2026, 10), w(2026, 12, 2027, 2)], false, 2026)).toBe('10月、12月-2027年2月');
  });
});

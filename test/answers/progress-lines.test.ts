import { describe, expect, it } from 'vitest';
import type { Pair } from '../../src/confirmations/pairs.js';
import { byDepartment } from '../../src/confirmations/progress.js';
import { departmentLine, outstandingLines } from '../../src/answers/progress-lines.js';

const pair = (code: string, windowIndex: number, state: Pair['state']): Pair => ({
  task: { code } as Pair['task'], windowIndex, window: { startYear: 2026, startMonth: 2, endYear: 2026, endMonth: 2 },
  departmentId: 1, department: '局工会', role: 'lead', yearLong: false, state,
});

describe('departmentLine', () => {
  it('lists each code once, and says when a task is counted for several windows, so the codes add up', () => {
    const [d] = byDepartment([pair('H4F4', 0, 'overdue'), pair('H4F4', 1, 'overdue'), pair('K6F5', 0, 'overdue'), pair('S8T4', 0, 'done')]);
    expect(departmentLine(d!)).toBe('局工会：完成 1/4｜逾期 3：H4F4（2次）、K6F5');
  });
});

describe('outstandingLines', () => {
  const overdue = (department: string, departmentId: number): Pair => ({
    ...pair('C8U7', 0, 'overdue'), task: { code: 'C8U7', title: '“三八”妇女节主题活动' } as Pair['task'], department, departmentId,
    window: { startYear: 2026, startMonth: 3, endYear: 2026, endMonth: 3 },
  });
  it('names who is behind in a list of all departments, even when one department is', () => {
    expect(outstandingLines([overdue('女职工委员会', 3)], 2026)).toEqual(['C8U7 “三八”妇女节主题活动｜3月31日截止，已逾期', '  未确认：女职工委员会']);
  });
  it('keeps a department’s own list to one line a task', () => {
    expect(outstandingLines([overdue('女职工委员会', 3)], 2026, 12, undefined, true)).toEqual(['C8U7 “三八”妇女节主题活动｜3月31日截止，已逾期']);
  });
});

import { describe, expect, it } from 'vitest';
import { matchTasks, titleSimilarity, normalTitle, windowMap } from '../../src/plan-import/revision.js';

const task = (title: string, ref = '') => ({ ref, title });
const old = (title: string, current = true, ref = '') => ({ ref, title, current });
const w = (start: number, end = start) => ({ startYear: 2026, startMonth: start, endYear: 2026, endMonth: end });

describe('matchTasks: which tasks of a revised plan continue tasks of the version it replaces', () => {
  it('a title with a word added or taken out, or other quotes, is the same task', () => {
    const before = [old('组织职工健康体检'), old('职工互助保障计划参保'), old('“三八”妇女节主题活动')];
    expect(matchTasks(before, [task('"三八"妇女节主题活动'), task('职工互助保障参保'), task('组织职工年度健康体检')]))
      .toEqual([2, 1, 0]);
  });

  it('titles differing in a word of time are different tasks, however alike', () => {
    expect(titleSimilarity(normalTitle('春节走访慰问困难职工'), normalTitle('端午走访慰问困难职工'))).toBe(0);
    expect(matchTasks([old('第一季度工作例会')], [task('第二季度工作例会')])).toEqual([undefined]);
    expect(matchTasks([old('上半年工作总结')], [task('下半年工作总结')])).toEqual([undefined]);
  });

  it('an exact title wins over a similar one, and each old task continues at most one new task', () => {
    const before = [old('职工运动会'), old('职工趣味运动会')];
    expect(matchTasks(before, [task('职工趣味运动会'), task('职工运动会'), task('职工运动会筹备')])).toEqual([1, 0, undefined]);
  });

  it('a task an earlier version dropped comes back only word for word', () => {
    const before = [old('工会年报年统'), old('职工书屋建设', false)];
    expect(matchTasks(before, [task('职工书屋建设')])).toEqual([1]);
    expect(matchTasks(before, [task('职工书屋建设工作')])).toEqual([undefined]);
  });

  it('第一季度 is 一季度 and 十二月 is 12月: the same word of time', () => {
    expect(matchTasks([old('一季度工会经费审查')], [task('第一季度工会经费审查')])).toEqual([0]);
    expect(matchTasks([old('12月召开职代会')], [task('十二月召开职代会')])).toEqual([0]);
  });

  it('a reworded title is the same task only with the same months and departments', () => {
    const before = [{ ref: '#4', title: '开展女职工健康体检', current: true, scope: '3月|女职工委员会' }];
    expect(matchTasks(before, [{ ref: '#4', title: '开展男职工健康体检', scope: '3月|机关工会' }])).toEqual([undefined]);
    expect(matchTasks(before, [{ ref: '#4', title: '开展女职工健康检查', scope: '3月|女职工委员会' }])).toEqual([0]);
  });

  it('other words in a title are a rename only in the same place of the plan, and only when most of it stays', () => {
    expect(matchTasks([old('上报年度工作总结', true, '#3')], [task('报送年度工作总结', '#3')])).toEqual([0]);
    expect(matchTasks([old('送清凉高温慰问一线职工', true, '#8')], [task('送清凉高温慰问基层职工', '#8')])).toEqual([0]);
    expect(matchTasks([old('送清凉高温慰问一线职工', true, '#8')], [task('送清凉高温慰问基层职工', '#9')])).toEqual([undefined]);
    expect(matchTasks([old('安全生产月职工技能比武', true, '#7')], [task('安全生产月职工应急演练', '#7')])).toEqual([undefined]);
    expect(matchTasks([old('组织职工健康体检', true, '#10')], [task('组织职工健康讲座', '#12')])).toEqual([undefined]);
  });

  it('unrelated titles stay apart', () => {
    expect(matchTasks([old('工会年报年统')], [task('职工书屋建设')])).toEqual([undefined]);
  });
});

describe('windowMap: where a task’s confirmed months go when its months change', () => {
  it('a window keeps its place by its start month; a month taken out has no place', () => {
    expect(windowMap([w(10), w(12)], [w(12)])).toEqual([undefined, 0]);
    expect(windowMap([w(7, 8)], [w(6, 8)])).toEqual([0]);
    expect(windowMap([w(3, 4)], [w(3, 4), w(9, 10)])).toEqual([0]);
    expect(windowMap([w(10), w(12)], [w(5), w(6)])).toEqual([undefined, undefined]);
    // Done once, moved to other months: still the one window.
    expect(windowMap([w(10)], [w(5)])).toEqual([0]);
  });
});

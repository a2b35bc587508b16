import { describe, expect, it } from 'vitest';
import { countedThing, extractFigures } from '../../src/confirmations/figures.js';
import { figureTotals, type LedgerRow } from '../../src/confirmations/ledger.js';

/** A done ledger row with the figures read from its note, as a confirmation stores them. */
const row = (department: string, note: string, [code, title] = ['K7Q2', '春节慰问'], figures = extractFigures(note)): LedgerRow => ({
  code, title, window: '1-2月', department, role: '牵头', status: '已完成', state: 'done', who: '', when: '', note, figures,
});

describe('figureTotals: the year-end figures per department, added up only where they mean the same thing', () => {
  it('a task\'s figures of a unit are one sum: 七万五千元 and 2万元 stored before 万 was read into the number', () => {
    const totals = figureTotals([
      row('局工会', '发放慰问金七万五千元，慰问35户'),
      row('局工会', '补发2万元', ['K7Q2', '春节慰问'], [{ value: 2, unit: '万元', text: '2万元' }]),
    ]);
    expect(totals).toEqual([
      { department: '局工会', unit: '元', what: '', total: 95000, count: 2, tasks: ['K7Q2 春节慰问'] },
      { department: '局工会', unit: '户', what: '慰问', total: 35, count: 1, tasks: ['K7Q2 春节慰问'] },
    ]);
  });

  it('figures of different tasks are added only when the unit and the word before them are the same', () => {
    const totals = figureTotals([
      row('局工会', '慰问一线职工：慰问120人', ['D6S9', '送清凉']),
      row('局工会', '已完成，慰问了80人', ['G8R6', '春节走访慰问']),
      row('机关工会', '托管120人', ['V4W5', '暑期托管班']),
      row('机关工会', '参加人数三百余人', ['J5D8', '春季健步走']),
      row('机关工会', '人均费用500元 共120人', ['Y9G5', '春节慰问品']),
      row('局工会', '另拨1.5万元、500元', ['D6S9', '送清凉']),
      row('局工会', '发放慰问金七万五千元', ['G8R6', '春节走访慰问']),
    ]);
    expect(totals.map((t) => [t.department, t.unit, t.what, t.total, t.tasks.join('；')])).toEqual([
      // The same word (慰问) in two tasks: one sum.
      ['局工会', '人', '慰问', 200, 'D6S9 送清凉；G8R6 春节走访慰问'],
      // 元 of 另拨 and of an amount with no word (500元) is D6S9's alone; 慰问金 is G8R6's: not added together.
      ['局工会', '元', '', 15500, 'D6S9 送清凉'],
      ['局工会', '元', '发放慰问金', 75000, 'G8R6 春节走访慰问'],
      // 人 of 托管, of 健步走 and of 慰问品: three lines, not 540人.
      ['机关工会', '人', '托管', 120, 'V4W5 暑期托管班'],
      ['机关工会', '人', '参加人数', 300, 'J5D8 春季健步走'],
      ['机关工会', '人', '', 120, 'Y9G5 春节慰问品'],
    ]);
  });

  it('countedThing reads the words just before a figure, without words of completion or totals', () => {
    const thing = (text: string, figure: string) => countedThing(text, text.indexOf(figure));
    expect(thing('慰问困难职工35户', '35')).toBe('慰问困难职工');
    expect(thing('已完成参保1,250人', '1,250')).toBe('参保');
    expect(thing('参加人数达三百余人', '三百')).toBe('参加人数');
    expect(thing('合计120人', '120')).toBeUndefined();
    expect(thing('K7Q2 120人', '120')).toBeUndefined();
  });
});

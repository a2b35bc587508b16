import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/confirmations/figures.js';
import { figureTotals, type LedgerRow } from '../../src/confirmations/ledger.js';

const row = (department: string, figures: LedgerRow['figures'], [code, title] = ['K7Q2', '春节慰问']): LedgerRow => ({
  code, title, window: '1-2月', department, role: '牵头', status: '已完成', state: 'done', who: '', when: '', note: '', figures,
});

describe('figureTotals: the year-end sums per department and unit', () => {
  it('adds 七万五千元, 1.5万元 and 500元 into one 元 total, with figures stored as 万元 before the upgrade', () => {
    const totals = figureTotals([
      row('局工会', extractFigures('发放慰问金七万五千元，慰问35户')),
      row('局工会', extractFigures('另拨1.5万元、500元'), ['D6S9', '送清凉']),
      row('局工会', [{ value: 2, unit: '万元', text: '2万元' }]),
      row('财务处', extractFigures('参保1,250人')),
    ]);
    expect(totals).toEqual([
      { department: '局工会', unit: '元', total: 75000 + 15000 + 500 + 20000, count: 4, tasks: ['K7Q2 春节慰问', 'D6S9 送清凉'] },
      { department: '局工会', unit: '户', total: 35, count: 1, tasks: ['K7Q2 春节慰问'] },
      { department: '财务处', unit: '人', total: 1250, count: 1, tasks: ['K7Q2 春节慰问'] },
    ]);
  });
});

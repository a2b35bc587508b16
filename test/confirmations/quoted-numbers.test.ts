import { describe, expect, it } from 'vitest';
import { withQuotedNumbers } from '../../src/confirmations/quoted-numbers.js';

const REMINDER = '【已逾期】机关工会\n1. Y9G5 发放职工春节慰问品\n   2月28日截止\n2. C8U7 “三八”妇女节主题活动\n   3月31日截止\n'
  + '3. J5D8 组织职工春季健步走\n   5月31日截止';

describe('withQuotedNumbers', () => {
  it.each([
    ['1和3已完成', 'Y9G5 和J5D8 已完成'],
    ['第2项已完成', 'C8U7 已完成'],
    ['第三项正在推进', 'J5D8 正在推进'],
    ['1、3都完成了', 'Y9G5 、J5D8 都完成了'],
  ])('%j → %j', (text, read) => expect(withQuotedNumbers(text, REMINDER)).toBe(read));

  it.each(['慰问120人已完成', '三八已完成', '1.5万元已发放', '2个已完成，1个还没有', '第4项已完成', 'J5D8 1已完成'])(
    '%j is left as it is', (text) => expect(withQuotedNumbers(text, REMINDER)).toBe(text),
  );
  it('without a quote of several tasks nothing changes', () => {
    expect(withQuotedNumbers('1已完成', undefined)).toBe('1已完成');
    expect(withQuotedNumbers('1已完成', '1. Y9G5 发放职工春节慰问品')).toBe('1已完成');
  });
});

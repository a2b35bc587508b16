import { describe, expect, it } from 'vitest';
import { withSpokenCodes } from '../../src/query/spoken-codes.js';

const CODES = new Set(['V4W5', 'J5D8']);

describe('withSpokenCodes', () => {
  it.each([
    ['V4 W5已完成', 'V4W5已完成'], ['V四W五已完成', 'V4W5已完成'], ['v 4 w 5 完成了', 'V4W5 完成了'], ['j五d八 完成', 'J5D8 完成'],
  ])('%j → %j', (text, read) => expect(withSpokenCodes(text, CODES)).toBe(read));

  it.each(['A 2 B 3 已完成', 'V四W六已完成', 'V4W5已完成', '共 2 场 3 项', 'MV 4 W 5 已完成', 'V 4 W 56人'])('%j is left as it is', (text) =>
    expect(withSpokenCodes(text, CODES)).toBe(text));
});

import { describe, expect, it } from 'vitest';
import { createHolding } from '../../src/platforms/shared/resume-sweep.js';

describe('messages a process holds (left alone by its own resume sweep)', () => {
  it('a redelivery that ends before the first delivery does not release the message', () => {
    const holding = createHolding();
    holding.add('msg1'); // the first delivery, still being answered
    holding.add('msg1'); // its redelivery: a duplicate, done at once
    holding.release('msg1');
    expect(holding.has('msg1')).toBe(true);
    holding.release('msg1');
    expect(holding.has('msg1')).toBe(false);
    holding.release('msg1'); // released once too often: still not held, and not negative
    holding.add('msg1');
    expect(holding.has('msg1')).toBe(true);
  });
});

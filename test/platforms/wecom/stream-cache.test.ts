import { describe, expect, it } from 'vitest';
import { createStreamCache, STREAM_POLL_WINDOW_MS } from '../../../src/platforms/wecom/stream-cache.js';

describe('stream cache (answers kept for WeCom stream-refresh callbacks)', () => {
  it('keeps the newest answers when full, and never more than its bound', () => {
    let t = 0;
    const cache = createStreamCache(() => new Date(t), 100);
    for (let i = 0; i < 1000; i++) {
      cache.put(`s-${i}`, `answer ${i}`);
      t += 10;
    }
    expect(cache.get('s-999')).toBe('answer 999');
    expect(cache.get('s-901')).toBe('answer 901');
    expect(cache.get('s-0')).toBeUndefined();
    expect(cache.get('s-850')).toBeUndefined();
    const kept = Array.from({ length: 1000 }, (_, i) => cache.get(`s-${i}`)).filter((x) => x !== undefined);
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept.length).toBeGreaterThanOrEqual(90);
  });

  it('forgets an answer once WeCom no longer polls for it', () => {
    let t = 0;
    const cache = createStreamCache(() => new Date(t));
    cache.put('s-1', '本月任务……');
    t += STREAM_POLL_WINDOW_MS - 1;
    expect(cache.get('s-1')).toBe('本月任务……');
    t += 2;
    expect(cache.get('s-1')).toBeUndefined();
  });
});

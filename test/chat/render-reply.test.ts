import { describe, expect, it } from 'vitest';
import { byteLength, LIMITS, renderReply } from '../../src/core/render-reply.js';
import { reply } from '../../src/core/reply.js';

const line = (i: number) => `K${i % 8 + 2}Q${i % 7 + 2} 职工互助保障、会员服务卡参保｜7月、12月｜局工会、机关工会、执法总队工会 #${i}`;

describe('renderReply', () => {
  it('keeps a short reply in one message', () => {
    const parts = renderReply(reply(['一', '二'], { title: '标题', footer: '提示' }), { format: 'text', maxBytes: LIMITS.wecomText });
    expect(parts).toEqual(['标题\n一\n二\n提示']);
  });

  it('splits between lines within the byte limit, never mid-line', () => {
    const lines = Array.from({ length: 60 }, (_, i) => line(i));
    for (const [format, maxBytes] of [['text', LIMITS.wecomText], ['markdown', LIMITS.wecomMarkdown]] as const) {
      const parts = renderReply(reply(lines, { title: '2026年7月的任务' }), { format, maxBytes, maxParts: 10 });
      expect(parts.length).toBeGreaterThan(1);
      for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(maxBytes);
      const all = parts.join('\n');
      for (let i = 0; i < 60; i++) expect(all).toContain(`#${i}`);
    }
  });

  it('summarises what does not fit in maxParts instead of cutting', () => {
    const lines = Array.from({ length: 200 }, (_, i) => line(i));
    const parts = renderReply(reply(lines), { format: 'text', maxBytes: LIMITS.wecomText, maxParts: 2 });
    expect(parts).toHaveLength(2);
    expect(parts[1]).toMatch(/还有 \d+ 行未显示/);
    for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(LIMITS.wecomText);
    for (const p of parts) for (const l of p.split('\n')) expect(l === '（续）' || /^K|还有/.test(l)).toBe(true);
  });

  it('escapes markdown in task titles', () => {
    const [p] = renderReply(reply(['*重要* 任务_1']), { format: 'markdown', maxBytes: LIMITS.wecomMarkdown });
    expect(p).toContain('\\*重要\\* 任务\\_1');
  });
});

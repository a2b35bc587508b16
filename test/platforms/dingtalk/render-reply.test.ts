import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/core/render-reply.js';
import { reply } from '../../../src/core/reply.js';
import { renderDingtalkMarkdown } from '../../../src/platforms/dingtalk/render-reply.js';

describe('DingTalk markdown answers', () => {
  const long = reply(Array.from({ length: 150 }, (_, i) => `第${i + 1}项 职工互助保障参保和会员信息核对，请各基层工会按时完成`).join('\n'));

  it('a long answer in parts @s the asker once, in the first part, with the @ written in its text', () => {
    const parts = renderDingtalkMarkdown(long, { atUserIds: ['zhangsan'], isAtAll: false });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]).toMatchObject({ at: { atUserIds: ['zhangsan'] }, markdown: { text: expect.stringMatching(/\n\n@zhangsan$/) } });
    for (const p of parts.slice(1)) {
      expect(p).not.toHaveProperty('at');
      expect(p.markdown.text).not.toContain('@zhangsan');
    }
    for (const p of parts) expect(Buffer.byteLength(p.markdown.text)).toBeLessThanOrEqual(LIMITS.dingtalkMarkdown);
  });

  it('without an @ (a single chat) the text is the answer alone', () => {
    const [only] = renderDingtalkMarkdown(reply('本月没有任务'));
    expect(only).toEqual({ msgtype: 'markdown', markdown: { title: '本月没有任务', text: expect.stringMatching(/^本月没有任务 *$/) } });
  });
});

import { expect } from 'vitest';
import type { Database } from '../../db/client.js';
import { shanghaiNoon } from '../../src/core/clock.js';
import { createTurnHandler, type ChatTurn } from '../../src/core/handle-message.js';
import type { Logger } from '../../src/core/logger.js';
import type { PlatformName } from '../../src/core/message.js';
import { replyText } from '../../src/core/reply.js';

/** What a line of a transcript said; await it for the raw turn, or check it with the expect* methods. */
export interface Said extends PromiseLike<ChatTurn | null> {
  /** The visible reply matches every pattern (a string must be contained). */
  expectReply(...patterns: (RegExp | string)[]): Promise<ChatTurn>;
  /** The reply does not match any of the patterns. */
  expectNoMatch(...patterns: (RegExp | string)[]): Promise<ChatTurn>;
  /** The answer is about tasks with these titles (exact), in any order, and possibly others. */
  expectTasks(...titles: string[]): Promise<ChatTurn>;
  expectIntent(intent: string): Promise<ChatTurn>;
  /** The message was a redelivery: no reply at all. */
  expectNoReply(): Promise<void>;
}

export interface ChatHarness {
  /** Speaks as `user` in `chat` (both created on first sight, like on a real platform). */
  /** `userId` is the platform user id when it differs from the name (WeCom/DingTalk ids are not names). */
  as(user: string, chat?: string, opts?: { platform?: PlatformName; userId?: string }): {
    /** `quotedText` is the text of a quoted message (WeCom quote, DingTalk repliedMsg); "" for a quote without text. */
    says(text: string, opts?: { messageId?: string; quotedText?: string }): Said;
  };
  /** Moves the harness clock to another day (YYYY-MM-DD, Asia/Shanghai). */
  setToday(day: string): void;
  /** Every error the handler logged, for tests that expect none. */
  errors: unknown[];
}

/**
 * A chat transcript over the real message handler and a real database, in the style of Koishi's mock client:
 * `await chat.as('张三', '局工会办公室群').says('本月任务').expectReply(/送清凉/)`.
 */
export async function chatHarness(opts: { database: Database; today: string; admins?: string[] }): Promise<ChatHarness> {
  let now = day(opts.today);
  let seq = 0;
  const errors: unknown[] = [];
  const logger: Logger = { info: () => {}, warn: () => {}, error: (f) => { errors.push(f.err); } };
  const handle = createTurnHandler({ database: opts.database, now: () => now, admins: opts.admins, logger });
  return {
    errors,
    setToday: (d) => { now = day(d); },
    as: (user, chat = '本地测试群', o = {}) => ({
      says(text, s = {}) {
        const turn = handle({
          platform: o.platform ?? 'console', messageId: s.messageId ?? `t-${Date.now()}-${++seq}`,
          chatId: chat, chatType: 'group', chatName: chat, senderId: o.userId ?? user, senderName: user,
          text, mentionsBot: true, receivedAt: now,
          ...(s.quotedText !== undefined ? { quotedText: s.quotedText } : {}),
        });
        const answered = async () => {
          const t = await turn;
          expect(t, `no reply to “${text}”`).not.toBeNull();
          return t!;
        };
        const check = (negate: boolean) => async (...patterns: (RegExp | string)[]) => {
          const t = await answered();
          const visible = replyText(t.reply);
          for (const p of patterns) {
            const hit = typeof p === 'string' ? visible.includes(p) : p.test(visible);
            // An apology comes from an error the handler logged: show it.
            const logged = t.intent === 'error' ? `\nlogged: ${errors.map((e) => (e instanceof Error ? e.stack : JSON.stringify(e))).join('\n')}` : '';
            expect(hit, `reply to “${text}” ${negate ? 'should not' : 'should'} match ${String(p)}:\n${visible}${logged}`).toBe(!negate);
          }
          return t;
        };
        return {
          then: (ok, fail) => turn.then(ok, fail),
          expectReply: check(false),
          expectNoMatch: check(true),
          async expectTasks(...titles) {
            const t = await answered();
            const got = t.tasks.map((x) => x.title);
            for (const title of titles) expect(got, `tasks for “${text}”`).toContain(title);
            return t;
          },
          async expectIntent(intent) {
            const t = await answered();
            expect(t.intent, `intent of “${text}”`).toBe(intent);
            return t;
          },
          async expectNoReply() {
            expect(await turn, `“${text}” should have been ignored`).toBeNull();
          },
        };
      },
    }),
  };
}

function day(d: string): Date {
  const at = shanghaiNoon(d);
  if (!at) throw new Error(`bad test day ${d}`);
  return at;
}

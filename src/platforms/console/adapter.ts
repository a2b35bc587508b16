import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { incomingMessage } from '../../core/message.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MessageHandler, PlatformAdapter } from '../../core/platform.js';
import { replyText } from '../../core/reply.js';

const page = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

const messageBody = z.object({
  chat: z.string().trim().min(1).max(100),
  user: z.string().trim().min(1).max(100),
  text: z.string().max(20_000),
});

export interface ConsoleDeps {
  handle: MessageHandler;
  /** Chats and people to offer in the page's pickers. */
  listParticipants: () => Promise<{ chats: { id: string; name: string }[]; users: { id: string; name: string }[] }>;
  /** Pushes that would go to chats (reminders), newest first. */
  listPushes: () => Promise<{ at: string; chat: string; kind: string; text: string; status: string }[]>;
}

/**
 * The local console: a chat page at / where one talks to the bot as a chosen user in a chosen group,
 * and sees the reminders that would be pushed. Same handler as the real platforms.
 */
export function createConsoleAdapter(deps: ConsoleDeps): PlatformAdapter {
  return {
    name: 'console',
    register(app: FastifyInstance) {
      app.get('/', async (_req, res) => res.type('text/html; charset=utf-8').send(page));
      app.get('/api/console/participants', async () => deps.listParticipants());
      app.get('/api/console/pushes', async () => ({ pushes: await deps.listPushes() }));
      app.post('/api/console/messages', async (req, res) => {
        const body = messageBody.safeParse(req.body);
        if (!body.success) {
          const tooLong = body.error.issues.some((i) => i.path[0] === 'text' && i.code === 'too_big');
          return res.code(400).send({ error: tooLong ? '消息太长，请精简到两万字以内再发送。' : '请选择群和用户，并输入消息内容。' });
        }
        const { chat, user, text } = body.data;
        const reply = await deps.handle(incomingMessage({
          platform: 'console', messageId: randomUUID(), chatId: chat, chatType: 'group', chatName: chat,
          senderId: user, senderName: user, text, mentionsBot: true, receivedAt: new Date(),
        }));
        return { reply: reply ? replyText(reply) : '' };
      });
    },
  };
}

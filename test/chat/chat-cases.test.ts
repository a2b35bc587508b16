import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { toTaskJson } from '../../src/answers/task-json.js';
import { shanghaiNoon } from '../../src/core/clock.js';
import { createTurnHandler } from '../../src/core/handle-message.js';
import { replyText } from '../../src/core/reply.js';
import { importDirectory, readDirectoryFile } from '../../src/directory/import-directory.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { checkCase, type ChatCase } from '../helpers/chat-cases.js';
import { freshDatabase } from '../helpers/db.js';
import { hasShared, sharedDir } from '../helpers/shared.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures');
const { cases }: { cases: ChatCase[] } = JSON.parse(readFileSync(path.join(fixtures, 'chat-cases.json'), 'utf8'));
const SEEDS = ['000_98128339b69b1a76', '001_a870d388baf7d0b6', '002_6bd54b02e90ae4ce', '003_8dbf8d6673452202', '004_ae5ff3b5867fb673'];
const examplePlan = path.join(root, 'examples/plan-2026.md');
const exampleDirectory = path.join(root, 'examples/directory.yaml');

/** How each fixture's database is filled, and whether it can be (the seeds live in ../shared). */
const setups: Record<string, { available: boolean; load(database: Database): Promise<void> }> = {
  seeds: {
    available: hasShared,
    async load(database) {
      for (const seed of SEEDS) await importPlan(path.join(sharedDir, 'seeds', `${seed}.txt`), { database });
      await importDirectory(database, await readDirectoryFile(path.join(fixtures, 'chat-directory.yaml')));
    },
  },
  example: {
    available: existsSync(examplePlan) && existsSync(exampleDirectory),
    async load(database) {
      await importPlan(examplePlan, { database });
      await importDirectory(database, await readDirectoryFile(exampleDirectory));
    },
  },
};

// Chats the seeds directory binds on another platform are asked from there, like a real group.
const remoteChats: Record<string, { platform: 'wecom'; id: string }> = { 执法总队工会群: { platform: 'wecom', id: 'wrkTestChat' } };

for (const [fixture, setup] of Object.entries(setups)) {
  const mine = cases.filter((c) => (c.fixture ?? 'seeds') === fixture);
  describe.skipIf(!setup.available)(`project chat cases, fixture “${fixture}” (test/fixtures/chat-cases.json)`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await freshDatabase();
      await setup.load(database);
    });
    afterAll(async () => database?.close());

    it(`answers all ${mine.length} cases`, async () => {
      const failures: string[] = [];
      for (const [n, c] of mine.entries()) {
        const errors: unknown[] = [];
        const at = shanghaiNoon(c.today)!;
        const handle = createTurnHandler({
          database, now: () => at, logger: { info: () => {}, warn: () => {}, error: (f) => { errors.push(f.err); } },
        });
        const chat = c.chat ?? '本地测试群';
        const remote = remoteChats[chat];
        const turn = await handle({
          platform: remote?.platform ?? 'console', messageId: `case-${fixture}-${n}`, chatId: remote?.id ?? chat,
          chatType: 'group', chatName: chat, senderId: 'tester', senderName: '测试', text: c.text, mentionsBot: true, receivedAt: at,
        });
        try {
          expect(errors).toEqual([]);
          expect(turn).not.toBeNull();
          checkCase(c, { intent: turn!.intent, reply: replyText(turn!.reply), tasks: turn!.tasks.map(toTaskJson) });
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
    });
  });
}

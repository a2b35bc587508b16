import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { freshDatabase } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

/**
 * Each task window is told to a chat once a day per kind (design §3: kind + task window + chat + date). A fire run
 * again the same day (`remind --at` by hand) after something changed must not send what the groups already have.
 */
const root = path.resolve(import.meta.dirname, '../..');
let database: Database;
let codes: Record<string, string>;
beforeAll(async () => {
  database = await freshDatabase();
  const imported = await planbot(['import', path.join(root, 'examples/plan-2026.md'), '--json'], { database });
  codes = Object.fromEntries((JSON.parse(imported.stdout).tasks as { code: string; title: string }[]).map((t) => [t.title, t.code]));
  expect((await planbot(['directory', 'import', path.join(root, 'examples/directory.yaml')], { database })).code).toBe(0);
});
afterAll(async () => database?.close());

const AT = '2026-05-06T09:00:00+08:00'; // first workday of May: 机关工会's kick-off names two tasks
const rowsFor = async (chat: string) => (await database.rows<{ windows: string[] }>(sql`select o.payload->'windows' as windows
  from outbox o join chats c on c.id = o.chat_id where c.name = ${chat} and o.kind = 'kickoff' order by o.id`)).map((r) => r.windows);

describe('remind run again the same day', () => {
  it('after one task of a kick-off is confirmed, the group does not get the other again', async () => {
    expect((await planbot(['remind', '--at', AT, '--yes'], { database })).code).toBe(0);
    const first = await rowsFor('机关工会群');
    expect(first).toHaveLength(1);
    expect(first[0]!.length).toBeGreaterThan(1);
    const [confirmed] = first[0]![0]!.split('#');
    expect((await planbot(['ask', `完成 ${confirmed}`, '--chat', '机关工会群', '--user', '赵主席', '--today', '2026-05-06'], { database })).code).toBe(0);
    const again = await planbot(['remind', '--at', AT, '--yes'], { database });
    expect(again.stdout).toContain('已加入发送队列 0 条');
    expect(await rowsFor('机关工会群')).toEqual(first);
  });

  it('a task added meanwhile is news: that kick-off goes out, naming it', async () => {
    await database.rows(sql`update tasks set windows = '[{"startYear":2026,"startMonth":5,"endYear":2026,"endMonth":5}]'::jsonb,
      all_year = false where code = ${codes['工会经费预决算审查']!}`);
    expect((await planbot(['remind', '--at', AT, '--yes'], { database })).code).toBe(0);
    const finance = await rowsFor('财务处工会群');
    expect(finance.at(-1)).toContain(`${codes['工会经费预决算审查']}#0`);
  });
});

import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { chats, members, outbox } from '../../../db/schema.js';
import { desc } from 'drizzle-orm';
import { pushKindNames, pushStatusNames } from '../../outbox/labels.js';
import type { ReminderKind } from '../../reminders/types.js';
import { localDayTime } from '../../schedule/days.js';

/** Console chats and people for the page's pickers, with a default pair on an empty directory. */
export async function consoleParticipants(database: Database) {
  const c = await database.db.select({ id: chats.externalId, name: chats.name }).from(chats)
    .where(eq(chats.platform, 'console')).orderBy(chats.id);
  const u = await database.db.select({ id: members.externalId, name: members.name }).from(members)
    .where(eq(members.platform, 'console')).orderBy(members.id);
  return {
    chats: c.length ? c.map((x) => ({ id: x.id, name: x.name ?? x.id })) : [{ id: '本地测试群', name: '本地测试群' }],
    users: u.length ? u.map((x) => ({ id: x.id, name: x.name ?? x.id })) : [{ id: '本地用户', name: '本地用户' }],
  };
}

/** The latest pushes (reminders) of every platform, as the console's feed shows them. */
export async function recentPushes(database: Database, limit = 50) {
  const rows = await database.db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit);
  return rows.map((r) => {
    const { day, time } = localDayTime(r.createdAt);
    return {
      at: r.createdAt.toISOString(), when: `${day.slice(5)} ${time}`,
      chat: String((r.payload as { chatName?: string }).chatName ?? r.robotKey),
      kind: r.kind, kindName: pushKindNames[r.kind as ReminderKind] ?? r.kind,
      text: String((r.payload as { text?: string }).text ?? ''), status: r.status, statusName: pushStatusNames[r.status] ?? r.status,
    };
  });
}

import { createHash } from 'node:crypto';
import type { DbOrTx } from '../../db/client.js';
import { insertOutboxRows, type NewOutboxRow } from '../../db/repositories/outbox.js';
import type { RenderedPush } from './render.js';
import type { PlannedPush, ReminderChat, ReminderKind } from './types.js';

/** What an outbox row of a reminder carries; the platform senders read it (src/outbox/senders.ts). */
export interface PushPayload {
  [key: string]: unknown;
  format: 'text';
  text: string;
  kind: ReminderKind;
  chatName: string;
  chatExternalId: string;
  department: string | null;
  /** Task codes named in this part. */
  tasks: string[];
  /** Every task window of the push ("K7Q2#0"), in each of its parts: what this chat was told today. */
  windows?: string[];
  mentions: { userIds: string[]; mobiles: string[] };
  /** Present when a long message was split: 1-based index and count. */
  part?: { index: number; total: number };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * One bucket per robot for the 20/min limit. Chats sharing a webhook share a robot; the key is a hash
 * so the table never holds the webhook token twice.
 */
export function robotKey(chat: Pick<ReminderChat, 'platform' | 'externalId' | 'push'>): string {
  const p = chat.push ?? {};
  const target = p.webhook ?? p.url ?? p.openConversationId;
  return target ? `${chat.platform}:${sha(target).slice(0, 20)}` : `${chat.platform}:chat:${chat.externalId}`;
}

/**
 * kind + task windows + chat + day: the same fire computed twice (catch-up, a second replica, a manual
 * `remind`) yields the same keys, and `on conflict do nothing` drops the repeats. Task codes are stable
 * across plan re-imports, so they name the windows; a long list is hashed to keep the key short.
 */
export function dedupeKey(push: PlannedPush, part = 1): string {
  const windows = push.kind === 'weekly_digest' ? '' : pushWindows(push).join(',');
  const w = windows.length > 160 ? `h:${sha(windows).slice(0, 24)}` : windows;
  return `${push.kind}|${push.day}|chat:${push.chat.id}|${w}${push.late ? '|late' : ''}${part > 1 ? `|p${part}` : ''}`;
}

/** The task windows a push names, "K7Q2#0", sorted. */
export function pushWindows(push: PlannedPush): string[] {
  return [...new Set(push.items.map((i) => `${i.code}#${i.windowIndex}`))].sort();
}

export function toOutboxRows(push: PlannedPush, rendered: RenderedPush): NewOutboxRow[] {
  const total = rendered.parts.length;
  const windows = push.kind === 'weekly_digest' ? undefined : pushWindows(push);
  return rendered.parts.map((text, i) => {
    const payload: PushPayload = {
      format: 'text', text, kind: push.kind, chatName: push.chat.name ?? push.chat.externalId,
      chatExternalId: push.chat.externalId, department: push.chat.department,
      tasks: rendered.codes.filter((c) => text.includes(c)),
      mentions: i === 0 ? rendered.mentions : { userIds: [], mobiles: [] },
      ...(total > 1 ? { part: { index: i + 1, total } } : {}),
      ...(windows ? { windows } : {}),
    };
    return {
      dedupeKey: dedupeKey(push, i + 1), kind: push.kind, chatId: push.chat.id, platform: push.chat.platform,
      robotKey: robotKey(push.chat), payload,
    };
  });
}

/** Inserts the rows, skipping any whose dedupe key exists; returns how many were new. */
export async function enqueueRows(db: DbOrTx, rows: NewOutboxRow[]): Promise<number> {
  return insertOutboxRows(db, rows);
}

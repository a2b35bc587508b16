import type { ClaimedRow } from '../../db/repositories/outbox.js';

/**
 * The outcome of one delivery attempt. `retryable` false dead-letters the row at once (bad webhook,
 * group dissolved); `rateLimited` (WeCom 45009, DingTalk 130101) also pauses that robot.
 */
export type SendResult =
  | { ok: true; response?: unknown }
  | { ok: false; retryable: boolean; rateLimited?: boolean; error: string;
    /** How long the platform said the robot is blocked (DingTalk 130101: ten minutes); the pause lasts at least this. */
    retryAfterMs?: number };

/** What a platform sender gets: the row's payload (text, mentions…) and the chat's push target. */
export interface OutboundPush {
  id: number;
  dedupeKey: string;
  kind: string;
  platform: string;
  robotKey: string;
  /** `PushPayload` of src/reminders/enqueue.ts for reminders. */
  payload: Record<string, unknown>;
  /** The chat's `push` column ({ webhook, secret } or { openConversationId }); null when none is bound. */
  target: Record<string, string> | null;
}

export type PlatformSender = (push: OutboundPush) => Promise<SendResult>;

/**
 * Platform senders, plugged in by the process: src/platforms/wecom and src/platforms/dingtalk provide
 * theirs; the console has nothing to deliver to (its page reads the outbox), so its send just succeeds.
 */
export interface SenderRegistry {
  wecom?: PlatformSender;
  dingtalk?: PlatformSender;
  console?: PlatformSender;
}

/** The worker's view: one claimed row in, one result out. */
export type SendFn = (row: ClaimedRow) => Promise<SendResult>;

export const consoleSender: PlatformSender = async () => ({ ok: true, response: { delivered: 'console feed' } });

const platformNames: Record<string, string> = { wecom: '企业微信', dingtalk: '钉钉', console: '控制台' };

/** Routes each row to its platform's sender; a platform without one dead-letters with a readable reason. */
export function createSender(registry: SenderRegistry): SendFn {
  const table: SenderRegistry = { console: consoleSender, ...registry };
  return async (row) => {
    const send = table[row.platform as keyof SenderRegistry];
    if (!send) {
      return { ok: false, retryable: false, error: `未启用${platformNames[row.platform] ?? row.platform}推送，无法发送` };
    }
    return send({
      id: row.id, dedupeKey: row.dedupeKey, kind: row.kind, platform: row.platform, robotKey: row.robotKey,
      payload: row.payload, target: row.target,
    });
  };
}

/**
 * Decrypted intelligent-bot callback (100719 messages, 101027 events). Only the fields we read are
 * typed; everything is optional at runtime and checked in decode-callback.ts, because the platform adds
 * fields over time and some shapes are unconfirmed (platforms.md §7.3).
 */
export interface WecomCallback {
  msgid: string;
  aibotid?: string;
  /** Only in group chats. */
  chatid?: string;
  chattype?: 'group' | 'single' | string;
  from?: { userid?: string; corpid?: string };
  /** One-shot URL for an asynchronous reply, valid 1 h (101138). */
  response_url?: string;
  create_time?: number;
  msgtype: string;
  text?: { content?: string };
  voice?: { content?: string };
  mixed?: { msg_item?: Array<{ msgtype?: string; text?: { content?: string } }> };
  quote?: Record<string, unknown>;
  /** Stream refresh callback: WeCom asks for the current content of a stream we started. */
  stream?: { id?: string };
  event?: { eventtype?: string } & Record<string, unknown>;
}

/**
 * Robot callback body, identical over HTTP and Stream (platforms.md §2b). Typed loosely: several fields
 * are undocumented (`text.isReplyMsg`, `text.repliedMsg`, `originalMsgId`) and vary between reports (§3).
 */
export interface DingtalkRobotMessage {
  msgId: string;
  msgtype?: string;
  conversationId: string;
  /** "1" single, "2" group (strings). */
  conversationType?: string;
  conversationTitle?: string;
  senderId?: string;
  senderStaffId?: string;
  senderNick?: string;
  isInAtList?: boolean;
  sessionWebhook?: string;
  /** Epoch ms after which sessionWebhook stops working (~90 min after the message). */
  sessionWebhookExpiredTime?: number;
  createAt?: number;
  robotCode?: string;
  text?: { content?: string; isReplyMsg?: boolean; repliedMsg?: RepliedMsg };
  content?: unknown;
  originalMsgId?: string;
}

/** Observed shapes of the quoted message (community reports, platforms.md §3). */
export interface RepliedMsg {
  msgId?: string;
  msgType?: string;
  senderId?: string;
  createdAt?: number;
  content?: unknown;
}

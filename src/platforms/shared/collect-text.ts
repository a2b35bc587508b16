/**
 * Every human-readable string inside a quoted message, in document order, joined by newlines.
 * The quote shapes are partly undocumented and vary (platforms.md §3, §7.3, §7.6), so instead of
 * trusting one path we walk the whole value and skip keys that hold ids, URLs or media metadata.
 * The core finds the task code (【任务#K7Q2】) anywhere in the result.
 */
const SKIP_KEYS = new Set([
  'msgtype', 'msgType', 'msgId', 'msgid', 'originalMsgId', 'senderId', 'senderStaffId', 'senderNick',
  'createdAt', 'createAt', 'url', 'picUrl', 'aeskey', 'md5', 'base64', 'downloadCode', 'pictureDownloadCode',
  'id', 'type', 'cardTemplateId', 'templateId', 'outTrackId', 'robotCode', 'chatbotUserId',
]);

export function collectText(value: unknown, depth = 0): string[] {
  if (depth > 12 || value === null || value === undefined) return [];
  if (typeof value === 'string') {
    const s = value.trim();
    // Some shapes nest JSON as a string (DingTalk interactiveCard content); read inside it.
    if ((s.startsWith('{') && s.endsWith('}')) || (s.startsWith('[') && s.endsWith(']'))) {
      try {
        return collectText(JSON.parse(s), depth + 1);
      } catch {
        /* plain text that happens to look like JSON */
      }
    }
    return s ? [s] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v) => collectText(v, depth + 1));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !SKIP_KEYS.has(k))
      .flatMap(([, v]) => collectText(v, depth + 1));
  }
  return [];
}

/** Text a chat user may see from the platform layer itself (everything else comes from the commands). */
export const USER_MESSAGES = {
  /** The handler threw: the log has the error and the message id. */
  failed: '抱歉，处理您的消息时出错了，请稍后再试；如多次出现，请联系工会办公室。',
  /** Long-connection mode: first stream frame while the answer is still being prepared. */
  working: '正在查询，请稍候…',
} as const;

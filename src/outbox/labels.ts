import type { ReminderKind } from '../reminders/types.js';

/** How users are shown what a push is (CLI, console). */
export const pushKindNames: Record<ReminderKind, string> = {
  kickoff: '开始提醒', nudge: '临近截止', overdue: '逾期提醒', overdue_digest: '逾期汇总', weekly_digest: '每周进度',
};

/** How users are shown where a push stands. */
export const pushStatusNames: Record<'pending' | 'sending' | 'sent' | 'dead', string> = {
  pending: '待发送', sending: '发送中', sent: '已发送', dead: '发送失败',
};

import type { Window } from '../../db/schema.js';
import type {
  ConfirmationState, DepartmentHead, ReminderChat, ReminderData, ReminderTask,
} from '../../db/repositories/reminders.js';
import type { IsoDay } from '../schedule/days.js';

/** What a push is about; also the `kind` of its outbox row and of `planbot remind --json`. */
export type ReminderKind = 'kickoff' | 'nudge' | 'overdue' | 'overdue_digest' | 'weekly_digest';

export type { ConfirmationState, DepartmentHead, ReminderChat, ReminderData, ReminderTask };

export const REMINDER_KINDS: ReminderKind[] = ['kickoff', 'nudge', 'overdue', 'overdue_digest', 'weekly_digest'];

/** One (task window, department) line of a push. */
export interface PushItem {
  taskId: number;
  code: string;
  title: string;
  windowIndex: number;
  window: Window;
  /** How many windows the task has (7 月、12 月: 2): a reply about one of several names its month. */
  windowCount: number;
  /** Last day of the window. */
  deadline: IsoDay;
  allYear: boolean;
  departmentId: number;
  department: string;
  role: 'lead' | 'assist';
  /** The lead department when this one assists. */
  lead: string | null;
  /** The department reported partial progress on this window (部分完成): still due, but under way. */
  partial?: boolean;
}

export interface WeeklyDigest {
  /** Month-bound windows open this month: how many tasks, (task, department) pairs and confirmed pairs. */
  month: { tasks: number; pairs: number; done: number };
  /**
   * Pairs whose window has ended unconfirmed, earliest deadline first: this year's, and in January all of last
   * year's plan's (the chat's 逾期 points to them then too).
   */
  overdue: PushItem[];
  /** February and March: how many tasks of last year's plan are still overdue, told as a count (as the chat does). */
  lastYearOverdue?: number;
  allYear: { tasks: number; pairs: number; done: number };
  /** Departments with open work but no bound chat: their reminders cannot be delivered. */
  unbound: string[];
  /** Years the holiday data does not cover, told once: in the first weekly digest of such a year. */
  uncoveredYears: number[];
  /** The digest's year when no active plan is of it yet (last year's plan still is): the office should import it. */
  noPlanForYear?: number;
}

/** One message the scheduler decided to send at an instant, before rendering. */
export interface PlannedPush {
  kind: ReminderKind;
  /** Local day and time of the fire. */
  day: IsoDay;
  time: string;
  chat: ReminderChat;
  items: PushItem[];
  digest?: WeeklyDigest;
  /**
   * Sent after its day: a kick-off because the plan was imported, or the chat bound, after the window had begun
   * (the work is already under way, and nothing announced it in this chat); an overdue notice or digest of a
   * fire missed while the bot was down.
   */
  late?: boolean;
  /**
   * Weekly digest: the overdue items of the 【逾期汇总】 that this fire sends to the same chat just before it. The
   * digest counts them but does not list them again.
   */
  overdueAbove?: PushItem[];
  /** Overdue digest: departments named in it that have no bound chat, so were not reminded themselves. */
  unbound?: string[];
}

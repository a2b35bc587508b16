import type { Config } from '../../config/index.js';
import { BOT_TIME_ZONE } from '../schedule/days.js';

/**
 * When reminders fire (design §5), set by the PLANBOT_*_TIME / _WORKDAYS / _WEEKDAY environment variables.
 * One set for every plan; a per-plan or per-task override would be a column on plans/tasks merged over
 * these, which is left for a later step.
 */
export interface ReminderSettings {
  /** IANA zone of every wall-clock time below (PLANBOT_TIMEZONE). */
  timeZone: string;
  /** HH:MM of the kick-off on the first workday of a window's first month. */
  kickoffTime: string;
  /** HH:MM of the nudge `nudgeWorkdays` workdays before a window ends. */
  nudgeTime: string;
  nudgeWorkdays: number;
  /** HH:MM of the overdue reminder (department) and digest (office) on the first workday after a window. */
  overdueTime: string;
  /** HH:MM of the weekly digest to the office chat. */
  digestTime: string;
  /** ISO weekday of the weekly digest, 1 = Monday; a day off moves it to the next workday of that week. */
  digestWeekday: number;
  /** Largest text of one message in UTF-8 bytes: WeCom text allows 2048, the rest is room for @mentions. */
  maxMessageBytes: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  timeZone: BOT_TIME_ZONE,
  kickoffTime: '09:00',
  nudgeTime: '09:00',
  nudgeWorkdays: 5,
  overdueTime: '09:00',
  digestTime: '09:00',
  digestWeekday: 1,
  maxMessageBytes: 1800,
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Defaults with `overrides` applied; a malformed value throws, naming the setting. */
export function reminderSettings(overrides: Partial<ReminderSettings> = {}): ReminderSettings {
  const s = { ...DEFAULT_REMINDER_SETTINGS, ...overrides };
  for (const k of ['kickoffTime', 'nudgeTime', 'overdueTime', 'digestTime'] as const) {
    if (!HHMM.test(s[k])) throw new Error(`reminder setting ${k} must be HH:MM, got ${s[k]}`);
  }
  if (!Number.isInteger(s.nudgeWorkdays) || s.nudgeWorkdays < 1) throw new Error('nudgeWorkdays must be ≥ 1');
  if (!Number.isInteger(s.digestWeekday) || s.digestWeekday < 1 || s.digestWeekday > 7) {
    throw new Error('digestWeekday must be 1 (Monday) … 7 (Sunday)');
  }
  if (s.maxMessageBytes < 400) throw new Error('maxMessageBytes must be ≥ 400');
  return s;
}

type ReminderVariables = 'PLANBOT_KICKOFF_TIME' | 'PLANBOT_NUDGE_TIME' | 'PLANBOT_NUDGE_WORKDAYS' | 'PLANBOT_OVERDUE_TIME'
  | 'PLANBOT_DIGEST_TIME' | 'PLANBOT_DIGEST_WEEKDAY';

/** The settings the environment gives (loadConfig has validated them); a variable not given keeps its default. */
export function reminderSettingsFromConfig(
  config: Pick<Config, 'PLANBOT_TIMEZONE'> & Partial<Pick<Config, ReminderVariables>>,
): ReminderSettings {
  const given = {
    timeZone: config.PLANBOT_TIMEZONE,
    kickoffTime: config.PLANBOT_KICKOFF_TIME,
    nudgeTime: config.PLANBOT_NUDGE_TIME,
    nudgeWorkdays: config.PLANBOT_NUDGE_WORKDAYS,
    overdueTime: config.PLANBOT_OVERDUE_TIME,
    digestTime: config.PLANBOT_DIGEST_TIME,
    digestWeekday: config.PLANBOT_DIGEST_WEEKDAY,
  };
  return reminderSettings(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)));
}

/** The distinct wall-clock times at which something may fire: one cron job each. */
export function fireTimes(s: ReminderSettings): string[] {
  return [...new Set([s.kickoffTime, s.nudgeTime, s.overdueTime, s.digestTime])].sort();
}

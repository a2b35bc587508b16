import type { Window } from '../../db/schema.js';
import type { ReminderChat, ReminderData, ReminderTask } from '../../src/reminders/types.js';
import { instantAt } from '../../src/schedule/days.js';

/** Small hand-made reminder data: departments 1 局工会 (office), 2 组织人事处, 3 机关工会, 4 各基层工会 (no chat). */
export const DEPTS = { office: 1, hr: 2, jiguan: 3, branches: 4 } as const;
const names: Record<number, string> = { 1: '局工会', 2: '组织人事处', 3: '机关工会', 4: '各基层工会' };

export function win(sm: number, em = sm, y = 2026, ey = y): Window {
  return { startYear: y, startMonth: sm, endYear: ey, endMonth: em };
}

let nextId = 1;
export function task(
  code: string, windows: Window[], depts: number[], extra: Partial<ReminderTask> = {},
): ReminderTask {
  return {
    id: nextId++, code, title: `任务${code}`, kind: 'scheduled', windows, allYear: false, planYear: 2026,
    departments: depts.map((id, i) => ({ id, name: names[id]!, role: i === 0 ? 'lead' : 'assist' })),
    ...extra,
  };
}

export function chat(id: number, departmentId: number | null, extra: Partial<ReminderChat> = {}): ReminderChat {
  return {
    id, platform: 'console', externalId: `c${id}`, name: `${names[departmentId ?? 0] ?? '未绑定'}群`,
    departmentId, department: departmentId ? names[departmentId]! : null, isOffice: false, push: null, ...extra,
  };
}

export function data(tasks: ReminderTask[], extra: Partial<ReminderData> = {}): ReminderData {
  return {
    tasks,
    chats: [chat(1, DEPTS.office, { isOffice: true }), chat(2, DEPTS.hr), chat(3, DEPTS.jiguan)],
    heads: [{ departmentId: DEPTS.hr, platform: 'console', externalId: 'li', name: '李处长', mobile: null }],
    confirmations: [],
    ...extra,
  };
}

/** 09:00 (or `time`) Shanghai on `day`. */
export const at = (day: string, time = '09:00') => instantAt(day, time, 'Asia/Shanghai');

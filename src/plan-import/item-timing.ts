import type { TaskKind, TaskWindow } from './types.js';
import { findTimeMentions, type TimeCell, type TimeMention } from './time-expressions.js';
import { activityPhrase } from './activity-phrase.js';

export interface SubTask {
  title: string;
  windows: TaskWindow[];
  datesNote: string;
}

export interface ItemTiming {
  windows: TaskWindow[];
  allYear: boolean;
  datesNote: string | null;
  kind: TaskKind;
  subTasks: SubTask[];
}

export interface TimingOptions {
  /** Time stated by a heading the item sits under (month-headed lists). */
  inherited?: TimeCell | null;
  /** Time given by a 时间：label in the item's responsibility suffix. */
  explicit?: TimeCell | null;
  /** Items that are scheduled whatever their dates (table rows, 十件实事, month lists). */
  forceScheduled?: boolean;
}

const winKey = (ws: TaskWindow[]) => ws.map((w) => `${w.startYear}-${w.startMonth}-${w.endYear}-${w.endMonth}`).join(',');

/**
 * Times of a numbered item, 一要 paragraph or list entry (the text without its
 * responsibility suffix). Rules, following the seed conventions:
 * - one dated activity: the item carries that time and is `scheduled`;
 * - several dated activities: each becomes a sub-task; the item keeps only a stated 全年;
 * - only 全年 (an annual target): `"all"`, still a `goal`;
 * - nothing: no windows, `goal`.
 */
export function itemTiming(text: string, year: number, opts: TimingOptions = {}): ItemTiming {
  const base = opts.forceScheduled ? 'scheduled' : 'goal';
  if (opts.explicit && opts.explicit.windows.length) {
    return { windows: opts.explicit.windows, allYear: opts.explicit.allYear, datesNote: opts.explicit.note, kind: 'scheduled', subTasks: [] };
  }
  const mentions = findTimeMentions(text, year);
  if (opts.inherited) {
    // Only an explicit month or day overrides the heading; 春季/夏季 or festival words do not.
    const own = mentions.filter((m) => m.kind === 'month' || m.kind === 'event');
    if (own.length) {
      return {
        windows: own.flatMap((m) => m.windows),
        allYear: false,
        datesNote: own.map((m) => m.text.trim()).join('、'),
        kind: 'scheduled',
        subTasks: [],
      };
    }
    const t = opts.inherited;
    return { windows: t.windows, allYear: t.allYear, datesNote: t.windows.length ? t.note : null, kind: 'scheduled', subTasks: [] };
  }
  const annual = mentions.find((m) => m.allYear);
  // A festival or season word in the same clause as a stated month is that activity's occasion, not a second time:
  // "7月开展送清凉活动", "开展送清凉活动（7月）", "9月国庆前开展…" are one activity, in the month stated.
  const clause = (m: TimeMention) => text.slice(0, m.start).split(/[。；;！!？?，,\n]/).length;
  const stated = mentions.filter((m) => m.kind === 'month' || m.kind === 'event');
  const timed = mentions.filter((m) => !((m.kind === 'festival' || m.kind === 'season')
    && stated.some((x) => clause(x) === clause(m))));
  // One activity per time: "高温季节…送清凉", or 暑期 named in two sentences, is one activity.
  const groups: TimeMention[] = [];
  const seen = new Set<string>();
  for (const m of timed) {
    if (m.allYear) continue;
    const key = winKey(m.windows);
    if (seen.has(key)) continue;
    seen.add(key);
    groups.push(m);
  }
  const yearWin: TaskWindow[] = [{ startYear: year, startMonth: 1, endYear: year, endMonth: 12 }];
  if (groups.length === 1) {
    const g = groups[0]!;
    return { windows: g.windows, allYear: false, datesNote: g.text.trim(), kind: 'scheduled', subTasks: [] };
  }
  const subTasks: SubTask[] =
    groups.length >= 2
      ? groups.map((g) => ({ title: activityPhrase(text, g), windows: g.windows, datesNote: g.text.trim() }))
      : [];
  return {
    windows: annual ? yearWin : [],
    allYear: !!annual,
    datesNote: annual ? annual.text : null,
    kind: base,
    subTasks: subTasks.filter((s) => s.title),
  };
}

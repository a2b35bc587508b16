import type { ConfirmationRecord } from '../../db/repositories/confirmations.js';
import type { CommandContext } from '../core/context.js';
import type { Figure } from '../confirmations/figures.js';
import type { ParsedReply } from '../confirmations/parse-reply.js';
import type { ConfirmTarget, RecordOutcome } from '../confirmations/record.js';
import { confirmableWindows, windowStarted, windowText } from '../confirmations/windows.js';
import { confirmerAndDay } from './progress-lines.js';
import { shortTitle } from './task-lines.js';

const STATUS_WORDS: Record<string, string> = { done: '完成', partial: '部分完成', undone: '撤销' };

/** The lines that say what one confirmation did (recorded, updated, undone …). */
export function outcomeLines(
  t: ConfirmTarget, r: { outcome: RecordOutcome; previous?: ConfirmationRecord; note: string | null; figures: Figure[] },
  said: string | null, p: ParsedReply, ctx: CommandContext,
): string[] {
  const { outcome, previous } = r;
  // Added to what was reported before: the whole of it is shown.
  const note = outcome === 'supplemented' ? r.note : said;
  const figures = outcome === 'supplemented' ? r.figures : p.figures;
  const windows = confirmableWindows(t.task);
  const when = t.task.allYear ? '全年' : windowText(windows[t.windowIndex]!, t.task.planYear);
  const label = `${t.task.code} ${shortTitle(t.task.title, 18)}（${when}）`;
  const extra = [
    ...(note && outcome !== 'undone' && outcome !== 'nothing-to-undo' ? [`说明：${note}`] : []),
    ...(figures.length && outcome !== 'undone' && outcome !== 'nothing-to-undo' ? [`数据：${figures.map((f) => f.text).join('、')}`] : []),
  ];
  const by = previous ? confirmerAndDay(previous, ctx.today.year, '，') : '';
  // Recorded before its months: said, since a mistyped code would otherwise close some future task unseen.
  const window = windows[t.windowIndex]!;
  const early = !t.task.allYear && !windowStarted(window, ctx.today)
    ? [`该任务计划于${when}开展，已按提前${p.action === 'done' ? '完成' : '开展'}记录；如编号有误，请发送“撤销 ${t.task.code}”。`] : [];
  switch (outcome) {
    case 'recorded':
      return [p.action === 'done' ? `已记录：${t.department} 完成 ${label}。` : `已记录进展：${t.department} 部分完成 ${label}。`, ...extra, ...early];
    case 'already-done':
      return [`${label} ${t.department}已确认完成（${by}），未改为部分完成。如需改为部分完成，请先发送“撤销 ${t.task.code}”。`];
    case 'updated': {
      // What the new words replaced is said, so a report meant as an addition is not lost unseen.
      const before = previous?.note && previous.note !== said ? previous.note : undefined;
      return [`已更新 ${t.department} ${label}的情况说明。`, ...extra,
        ...(before ? [`原说明“${before.length > 60 ? `${before.slice(0, 59)}…` : before}”已被本条替换。以后如要在原说明上补充，请以“补充”开头，如“完成 ${t.task.code} 补充：…”。`] : [])];
    }
    case 'supplemented':
      return [`已补充 ${t.department} ${label}的情况说明。`, ...extra];
    case 'unchanged':
      return [`${label} ${t.department}此前已确认${STATUS_WORDS[previous!.status]}（${by}），无需重复确认。`];
    case 'undone':
      return [`已撤销：${t.department} ${label}的${previous?.status === 'partial' ? '进展' : '完成'}确认，重新计为未完成。`];
    case 'reverted':
      return [`已撤销：${t.department} ${label}的完成确认，恢复为此前记录的部分完成${r.note ? `（${r.note}）` : ''}。`];
    case 'nothing-to-undo':
      return [`${label} ${t.department}还没有确认记录，无需撤销。`];
  }
}

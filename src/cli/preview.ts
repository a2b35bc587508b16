import { formatWindows } from '../core/months.js';
import type { ImportResult } from '../plan-import/import-plan.js';
import type { ParsedPlan } from '../plan-import/types.js';

/** East Asian wide characters take two columns in a terminal. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function fit(s: string, width: number): string {
  if (displayWidth(s) >= width) {
    let out = '';
    for (const ch of s) {
      if (displayWidth(out + ch) > width - 3) break;
      out += ch;
    }
    s = out + '…';
  }
  return s + ' '.repeat(Math.max(1, width - displayWidth(s)));
}

/** A readable table of what an import would store, so a clerk can check it before it is written. */
export function renderPreview(plan: ParsedPlan, codes: string[]): string {
  const lines: string[] = [];
  lines.push(`计划：${plan.title}`);
  lines.push(`年度：${plan.year}　发文单位：${plan.issuer ?? '（未识别）'}　文号：${plan.docNo ?? '（无）'}`);
  lines.push(`共识别 ${plan.tasks.length} 项任务：`);
  lines.push('');
  lines.push(`${fit('编号', 6)}${fit('任务', 40)}${fit('时间', 16)}负责部门`);
  for (const [i, t] of plan.tasks.entries()) {
    const when = formatWindows(t.windows, t.allYear, plan.year);
    const depts = t.departments.length ? t.departments.join('、') : '（未注明）';
    const kind = t.kind === 'goal' ? '〔目标〕' : '';
    lines.push(`${fit(codes[i] ?? '', 6)}${fit(kind + t.title, 40)}${fit(when, 16)}${depts}`);
  }
  if (plan.unplaced.length) {
    lines.push('');
    lines.push(`以下 ${plan.unplaced.length} 行未能识别为任务，请核对原文：`);
    for (const l of plan.unplaced.slice(0, 30)) lines.push(`  · ${l}`);
    if (plan.unplaced.length > 30) lines.push(`  ……另有 ${plan.unplaced.length - 30} 行`);
  }
  return lines.join('\n');
}

/**
 * What a revised plan changes in the version it replaces, task by task: what keeps its code and confirmations
 * under other words, months or departments, what is new, and what is dropped, with the confirmations that stop
 * counting. `written`: told after the import rather than before it.
 */
export function renderChanges(replaced: NonNullable<ImportResult['replaced']>, written: boolean): string {
  const { plan, kept, changes: c } = replaced;
  const will = written ? '' : '将';
  const lost = (depts: string[], what: string) => (depts.length ? `（${depts.join('、')}${what}的确认记录${will}不再计入进度和台账）` : '');
  const section = (title: string, lines: string[]) => (lines.length ? [`  ${title}：`, ...lines.slice(0, 30).map((l) => `    ${l}`),
    ...(lines.length > 30 ? [`    ……另有 ${lines.length - 30} 项`] : [])] : []);
  const lines = [
    `与原计划（编号 ${plan.id}：${plan.title}）相比：`,
    `  沿用 ${kept} 项任务，保留编号和完成记录${c.renamed.length || c.retimed.length || c.reassigned.length ? '，其中：' : '。'}`,
    ...section(`名称改动 ${c.renamed.length} 项`, c.renamed.map((r) => `${r.code} ${r.from} → ${r.to}`
      + (r.confirmed.length ? `（${r.confirmed.join('、')}的确认记录${written ? '已' : '将'}随之沿用，请核对是否为同一项任务）` : ''))),
    ...section(`时间改动 ${c.retimed.length} 项`, c.retimed.map((r) => `${r.code} ${r.title}：${r.from} → ${r.to}${lost(r.lost, '对已取消月份')}`)),
    ...section(`负责部门改动 ${c.reassigned.length} 项`, c.reassigned.map((r) =>
      `${r.code} ${r.title}：${r.from.join('、') || '（未注明）'} → ${r.to.join('、') || '（未注明）'}${lost(r.lost, '')}`)),
    ...section(`恢复 ${c.restored.length} 项（此前版本删除、现又列入，沿用原编号和完成记录）`, c.restored.map((r) => `${r.code} ${r.title}`)),
    ...section(`新增 ${c.added.length} 项`, c.added.map((r) => `${r.code} ${r.title}`)),
    ...section(`移除 ${c.removed.length} 项`, c.removed.map((r) => `${r.code} ${r.title}${lost(r.confirmedBy, '')}`)),
  ];
  return lines.join('\n');
}

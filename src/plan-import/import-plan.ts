import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/client.js';
import { audit } from '../../db/repositories/audit.js';
import type { DbOrTx } from '../../db/client.js';
import { confirmationsOfTasks } from '../../db/repositories/confirmations.js';
import { listDepartments, resolveDepartments } from '../../db/repositories/departments.js';
import {
  allTaskCodes, departmentsOfTasks, droppedTasksOfEarlierVersions, findActivePlanBySha, findPredecessor, insertPlan,
  markSuperseded, moveConfirmationWindows, saveTask, tasksOfPlan, type NewPlan, type PlanRow, type TaskRow,
} from '../../db/repositories/plans.js';
import { confirmableWindows } from '../confirmations/windows.js';
import { formatWindows } from '../core/months.js';
import { matchTasks, normalTitle, windowMap } from './revision.js';
import { parsePlanFile } from './index.js';
import { assignCodes } from './task-codes.js';
import type { ParsedPlan, TaskWindow } from './types.js';

export type ImportOutcome = 'dry-run' | 'created' | 'superseded' | 'unchanged';

export interface ImportResult {
  outcome: ImportOutcome;
  parsed: ParsedPlan;
  codes: string[];
  plan?: PlanRow;
  /** The plan this import replaced, with how many of its tasks were carried over and what changed. */
  replaced?: { plan: PlanRow; kept: number; dropped: number; changes: RevisionChanges };
}

/** What a revised plan changes in the version it replaces, for the clerk to check (before and after writing). */
export interface RevisionChanges {
  /** Kept with its code and confirmations under a changed title; `confirmed`: departments whose confirmations go with it. */
  renamed: { code: string; from: string; to: string; confirmed: string[] }[];
  /** Kept, with other months; confirmations of months taken out no longer count (`lost`: who had confirmed them). */
  retimed: { code: string; title: string; from: string; to: string; lost: string[] }[];
  /** Kept, with other departments; confirmations of departments taken off no longer count (`lost`). */
  reassigned: { code: string; title: string; from: string[]; to: string[]; lost: string[] }[];
  /** A task an earlier version had dropped, back with its code and confirmations. */
  restored: { code: string; title: string }[];
  added: { code: string; title: string }[];
  /** Dropped; `confirmedBy`: departments whose confirmations of it no longer count. */
  removed: { code: string; title: string; confirmedBy: string[] }[];
}

export function planKey(p: { year: number; issuer: string | null; docNo: string | null; title: string }): string {
  return `${p.year}|${p.issuer ?? ''}|${p.docNo ?? p.title}`;
}

/**
 * Parses a plan document; unless dryRun, stores it in one transaction (all or nothing). `preview`: works the
 * import out against the database exactly as it would be done, and keeps nothing (what a revision changes).
 */
export async function importPlan(
  file: string, opts: { database?: Database; dryRun?: boolean; preview?: boolean; actor?: string } = {},
): Promise<ImportResult> {
  const parsed = await parsePlanFile(file);
  const key = planKey(parsed);
  if (opts.dryRun || !opts.database) {
    return { outcome: 'dry-run', parsed, codes: assignCodes(key, parsed.tasks) };
  }
  const sha = createHash('sha256').update(await readFile(file)).digest('hex');
  const source: NewPlan = {
    title: parsed.title, issuer: parsed.issuer, docNo: parsed.docNo, year: parsed.year,
    sourceName: path.basename(file), sourceSha256: sha,
  };
  try {
    return await store(opts.database, parsed, key, source, opts);
  } catch (err) {
    if (err instanceof PreviewRollback) return err.result;
    throw err;
  }
}

/** Thrown to roll a preview's transaction back, carrying what the import would have done. */
class PreviewRollback extends Error {
  constructor(readonly result: ImportResult) { super('preview'); }
}

async function store(
  database: Database, parsed: ParsedPlan, key: string, source: NewPlan, opts: { preview?: boolean; actor?: string },
): Promise<ImportResult> {
  const sha = source.sourceSha256;
  return database.db.transaction(async (tx) => {
    const same = await findActivePlanBySha(tx, sha);
    if (same) {
      const stored = await tasksOfPlan(tx, same.id);
      return { outcome: 'unchanged' as const, parsed, codes: stored.map((t) => t.code), plan: same };
    }
    const previous = await findPredecessor(tx, source);
    const current = previous ? await tasksOfPlan(tx, previous.id) : [];
    // Tasks that still exist keep their codes and confirmations across an edit of the document (revision.ts);
    // so does a task an earlier version dropped, when it comes back word for word.
    const earlier = previous ? await droppedTasksOfEarlierVersions(tx, previous.id) : [];
    const candidates = [...current, ...earlier];
    // Departments as this import will resolve them (made here if new), then every department's name by id.
    const resolved = await resolveDepartments(tx, parsed.tasks.flatMap((t) => t.departments));
    const names = new Map((await listDepartments(tx)).map((d) => [d.id, d.name]));
    const before = await describeTasks(tx, candidates, names);
    // Months and departments in words, for a reworded title.
    const scope = (windows: TaskWindow[], allYear: boolean, departments: string[]) =>
      `${formatWindows(windows, allYear, parsed.year)}|${departments.join('、')}`;
    const match = matchTasks(
      candidates.map((t, i) => ({ ref: t.ref, title: t.title, current: i < current.length,
        scope: scope(t.windows, t.allYear, before.get(t.id)!.departments) })),
      parsed.tasks.map((t) => ({ ref: t.ref, title: t.title,
        scope: scope(t.windows, t.allYear, [...new Set(t.departments.map((d) => names.get(resolved.get(d.trim()) ?? -1) ?? d.trim()))]) })),
    );
    const reuse = match.map((i) => (i === undefined ? undefined : candidates[i]));
    const taken = await allTaskCodes(tx);
    const fresh = assignCodes(key, parsed.tasks, taken);
    // A first import's preview needs nothing written (and so takes no plan number from the sequence).
    if (opts.preview && !previous) throw new PreviewRollback({ outcome: 'created', parsed, codes: fresh });
    const plan = await insertPlan(tx, source);
    const codes: string[] = [];
    const ids: number[] = [];
    /** Per task kept: where each old window's confirmations went (windowMap). */
    const moved: ((number | undefined)[] | undefined)[] = [];
    for (const [i, t] of parsed.tasks.entries()) {
      const code = reuse[i]?.code ?? fresh[i]!;
      codes.push(code);
      const old = reuse[i];
      ids.push(await saveTask(tx, plan.id, i, {
        code, ref: t.ref, title: t.title, detail: t.detail, section: t.section, kind: t.kind,
        windows: t.windows, allYear: t.allYear, datesNote: t.datesNote, departments: t.departments,
      }, old?.id));
      if (old) {
        const oldWindows = confirmableWindows({ ...old, planYear: parsed.year });
        const newWindows = confirmableWindows({ ...t, planYear: parsed.year });
        const start = (w: { startYear: number; startMonth: number }) => w.startYear * 12 + w.startMonth;
        moved[i] = windowMap(oldWindows, newWindows);
        await moveConfirmationWindows(tx, old.id, moved[i]!, oldWindows.map(start), newWindows.map(start));
      }
    }
    if (previous) await markSuperseded(tx, previous.id, plan.id);
    const kept = reuse.filter((t) => t && current.includes(t)).length;
    const changes = previous ? await revisionChanges(tx, { parsed, codes, ids, reuse, moved, current, before }) : undefined;
    await audit(tx, {
      actor: opts.actor ?? 'cli', action: previous ? 'plan.supersede' : 'plan.import', subject: `plan:${plan.id}`,
      details: { file: source.sourceName, sha256: sha, tasks: parsed.tasks.length, replaced: previous?.id, kept, ...(changes ? { changes } : {}) },
    });
    const result: ImportResult = {
      outcome: previous ? 'superseded' as const : 'created' as const, parsed, codes, plan,
      replaced: previous && changes ? { plan: previous, kept, dropped: current.length - kept, changes } : undefined,
    };
    // A preview: everything above is worked out as the import would do it, then nothing is kept.
    if (opts.preview) throw new PreviewRollback(result);
    return result;
  });
}

type Described = Map<number, { departments: string[]; confirmed: { department: string; windowIndex: number }[] }>;

/** Each task's departments and who has confirmed (done or partly) which of its windows, before the import. */
async function describeTasks(tx: DbOrTx, list: TaskRow[], names: Map<number, string>): Promise<Described> {
  const ids = list.map((t) => t.id);
  const departments = await departmentsOfTasks(tx, ids);
  const out: Described = new Map(ids.map((id) => [id, { departments: departments.get(id) ?? [], confirmed: [] }]));
  for (const c of await confirmationsOfTasks(tx, ids)) {
    if (c.status === 'undone') continue;
    out.get(c.taskId)?.confirmed.push({ department: names.get(c.departmentId) ?? '', windowIndex: c.windowIndex });
  }
  return out;
}

const unique = (xs: string[]) => [...new Set(xs)];

async function revisionChanges(tx: DbOrTx, o: {
  parsed: ParsedPlan; codes: string[]; ids: number[]; reuse: (TaskRow | undefined)[]; moved: ((number | undefined)[] | undefined)[];
  current: TaskRow[]; before: Described;
}): Promise<RevisionChanges> {
  const year = o.parsed.year;
  const after = await departmentsOfTasks(tx, o.ids);
  const changes: RevisionChanges = { renamed: [], retimed: [], reassigned: [], restored: [], added: [], removed: [] };
  for (const [i, t] of o.parsed.tasks.entries()) {
    const old = o.reuse[i];
    const code = o.codes[i]!;
    if (!old) { changes.added.push({ code, title: t.title }); continue; }
    if (!o.current.includes(old)) { changes.restored.push({ code, title: t.title }); continue; }
    const was = o.before.get(old.id)!;
    if (old.title !== t.title) {
      // Titles that differ only in punctuation are the same words; a reworded one carrying confirmations is for the clerk to check.
      const reworded = normalTitle(old.title) !== normalTitle(t.title);
      changes.renamed.push({ code, from: old.title, to: t.title, confirmed: reworded ? unique(was.confirmed.map((c) => c.department)) : [] });
    }
    const from = formatWindows(old.windows, old.allYear, year);
    const to = formatWindows(t.windows, t.allYear, year);
    if (from !== to) {
      const map = o.moved[i]!;
      const lost = unique(was.confirmed.filter((c) => c.windowIndex < map.length && map[c.windowIndex] === undefined).map((c) => c.department));
      changes.retimed.push({ code, title: t.title, from, to, lost });
    }
    const now = after.get(o.ids[i]!) ?? [];
    if (was.departments.join('、') !== now.join('、')) {
      // Work with no department is the office's: taking departments on or off it is not a loss told here.
      const lost = was.departments.length
        ? unique(was.confirmed.map((c) => c.department).filter((d) => !now.includes(d))) : [];
      changes.reassigned.push({ code, title: t.title, from: was.departments, to: now, lost });
    }
  }
  for (const old of o.current) {
    if (o.reuse.includes(old)) continue;
    changes.removed.push({ code: old.code, title: old.title, confirmedBy: unique(o.before.get(old.id)!.confirmed.map((c) => c.department)) });
  }
  return changes;
}

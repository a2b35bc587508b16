import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/client.js';
import { audit } from '../../db/repositories/audit.js';
import {
  allTaskCodes, findActivePlanBySha, findPredecessor, insertPlan, markSuperseded, saveTask, tasksOfPlan,
  type NewPlan, type PlanRow,
} from '../../db/repositories/plans.js';
import { parsePlanFile } from './index.js';
import { assignCodes } from './task-codes.js';
import type { ParsedPlan } from './types.js';

export type ImportOutcome = 'dry-run' | 'created' | 'superseded' | 'unchanged';

export interface ImportResult {
  outcome: ImportOutcome;
  parsed: ParsedPlan;
  codes: string[];
  plan?: PlanRow;
  /** The plan this import replaced, with how many of its tasks were carried over. */
  replaced?: { plan: PlanRow; kept: number; dropped: number };
}

export function planKey(p: { year: number; issuer: string | null; docNo: string | null; title: string }): string {
  return `${p.year}|${p.issuer ?? ''}|${p.docNo ?? p.title}`;
}

/** Parses a plan document; unless dryRun, stores it in one transaction (all or nothing). */
export async function importPlan(
  file: string, opts: { database?: Database; dryRun?: boolean; actor?: string } = {},
): Promise<ImportResult> {
  const parsed = await parsePlanFile(file);
  const key = planKey(parsed);
  if (opts.dryRun || !opts.database) {
    return { outcome: 'dry-run', parsed, codes: assignCodes(key, parsed.tasks) };
  }
  const { db } = opts.database;
  const sha = createHash('sha256').update(await readFile(file)).digest('hex');
  const source: NewPlan = {
    title: parsed.title, issuer: parsed.issuer, docNo: parsed.docNo, year: parsed.year,
    sourceName: path.basename(file), sourceSha256: sha,
  };
  return db.transaction(async (tx) => {
    const same = await findActivePlanBySha(tx, sha);
    if (same) {
      const stored = await tasksOfPlan(tx, same.id);
      return { outcome: 'unchanged' as const, parsed, codes: stored.map((t) => t.code), plan: same };
    }
    const previous = await findPredecessor(tx, source);
    const oldTasks = previous ? await tasksOfPlan(tx, previous.id) : [];
    // Carry over tasks that still exist (same ref and title, else same title), so codes and
    // confirmations survive an edit of the document.
    const reuse = parsed.tasks.map(() => undefined as (typeof oldTasks)[number] | undefined);
    const free = new Set(oldTasks);
    const claim = (i: number, pick: (o: (typeof oldTasks)[number]) => boolean) => {
      if (reuse[i]) return;
      const hit = [...free].find(pick);
      if (hit) { reuse[i] = hit; free.delete(hit); }
    };
    parsed.tasks.forEach((t, i) => claim(i, (o) => o.ref === t.ref && o.title === t.title));
    parsed.tasks.forEach((t, i) => claim(i, (o) => o.title === t.title));
    const taken = await allTaskCodes(tx);
    const fresh = assignCodes(key, parsed.tasks, taken);
    const plan = await insertPlan(tx, source);
    const codes: string[] = [];
    for (const [i, t] of parsed.tasks.entries()) {
      const code = reuse[i]?.code ?? fresh[i]!;
      codes.push(code);
      await saveTask(tx, plan.id, i, {
        code, ref: t.ref, title: t.title, detail: t.detail, section: t.section, kind: t.kind,
        windows: t.windows, allYear: t.allYear, datesNote: t.datesNote, departments: t.departments,
      }, reuse[i]?.id);
    }
    if (previous) await markSuperseded(tx, previous.id, plan.id);
    const kept = reuse.filter(Boolean).length;
    await audit(tx, {
      actor: opts.actor ?? 'cli', action: previous ? 'plan.supersede' : 'plan.import', subject: `plan:${plan.id}`,
      details: { file: source.sourceName, sha256: sha, tasks: parsed.tasks.length, replaced: previous?.id, kept },
    });
    return {
      outcome: previous ? 'superseded' as const : 'created' as const, parsed, codes, plan,
      replaced: previous ? { plan: previous, kept, dropped: oldTasks.length - kept } : undefined,
    };
  });
}

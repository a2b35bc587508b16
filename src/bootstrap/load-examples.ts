import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/client.js';
import { listPlans } from '../../db/repositories/plans.js';
import { importDirectory, readDirectoryFile } from '../directory/import-directory.js';
import { importPlan } from '../plan-import/import-plan.js';

export const examplesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

/**
 * First start on the embedded database: load the example plan and directory so a newcomer can talk to
 * the bot straight away. A PostgreSQL server is never filled with example data.
 */
export async function loadExamplesIfEmpty(database: Database): Promise<boolean> {
  if (database.kind !== 'pglite') return false;
  if ((await listPlans(database.db)).length) return false;
  await loadExamples(database);
  return true;
}

/** Imports the example plan and directory (examples/) into any database; `actor` names who did in the audit log. */
export async function loadExamples(database: Database, actor = 'examples'): Promise<void> {
  await importPlan(path.join(examplesDir, 'plan-2026.md'), { database, actor });
  await importDirectory(database, await readDirectoryFile(path.join(examplesDir, 'directory.yaml')), actor);
}

import { existsSync } from 'node:fs';
import path from 'node:path';

/** ../shared (seeds, gold, chat examples) sits beside the project on dev machines and CI, not in a user's clone. */
export const sharedDir = path.resolve(import.meta.dirname, '../../../shared');
export const hasShared = existsSync(path.join(sharedDir, 'seeds'));

if (!hasShared) {
  if (process.env.CI === 'true') {
    throw new Error(`../shared is missing at ${sharedDir}: CI must have it (seeds, gold, examples).`);
  }
  console.warn(`[notice] ${sharedDir} not found: tests that read the seed plans and chat examples are SKIPPED.`);
}

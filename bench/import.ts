import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '../db/client.js';
import { importPlan } from '../src/plan-import/import-plan.js';
import { parsePlanText } from '../src/plan-import/index.js';
import { ms, stats, type Section } from './lib.js';

const seedsDir = path.resolve(import.meta.dirname, '../../shared/seeds');
const example = path.resolve(import.meta.dirname, '../examples/plan-2026.md');

function documents(): string[] {
  let seeds: string[] = [];
  try {
    seeds = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).map((f) => path.join(seedsDir, f));
  } catch { /* a user's clone has no ../shared: benchmark the example plan only */ }
  return [...seeds.sort(), example];
}

/** Parse time (warm, median of 50) and import into a fresh in-memory PGlite, per document. */
export async function benchImport(): Promise<Section> {
  const figures: Section['figures'] = [];
  for (const file of documents()) {
    const text = readFileSync(file, 'utf8');
    for (let i = 0; i < 5; i++) parsePlanText(text);
    const samples: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      parsePlanText(text);
      samples.push(performance.now() - t);
    }
    const parse = stats(samples).median;
    const database = await createDb('pglite://memory');
    await importPlan(file, { database }); // warm the code paths; the measured import goes into a second, fresh database
    const other = await createDb('pglite://memory');
    const t = performance.now();
    await importPlan(file, { database: other });
    const store = performance.now() - t;
    await database.close();
    await other.close();
    const name = path.basename(file);
    figures.push({ name: `parse ${name}`, value: ms(parse), target: '≤ 50 ms', met: parse <= 50 });
    figures.push({ name: `import into PGlite ${name}`, value: ms(store), target: '≤ 300 ms', met: store <= 300,
      note: 'first import into a fresh database' });
  }
  return { title: 'Plan import', figures };
}

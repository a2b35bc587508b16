/**
 * Scores the parser on the shared seed documents (../shared/seeds) with the shared scorer
 * (../shared/tools/score-plan.mjs): task F1, months and departments must each be ≥ 0.95.
 * Without ../shared the suite fails in CI and is skipped (with a notice) elsewhere.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlanText, toContract } from '../../src/plan-import/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedDir = path.resolve(repoRoot, '..', 'shared');
const seedsDir = path.join(sharedDir, 'seeds');
const scorer = path.join(sharedDir, 'tools', 'score-plan.mjs');
const available = fs.existsSync(seedsDir) && fs.existsSync(scorer);
const inCI = process.env.CI === 'true';

if (!available && inCI) {
  describe('seed scores', () => {
    it('needs the shared seeds and scorer in CI', () => {
      throw new Error(`seed documents or scorer not found: ${seedsDir}, ${scorer}`);
    });
  });
} else if (!available) {
  console.warn(`[plan-import] SKIPPED seed-score tests: ${seedsDir} or ${scorer} not found.`);
}

const golds = available ? fs.readdirSync(seedsDir).filter((f) => f.endsWith('.gold.json')).sort() : [];

describe.skipIf(!available)('seed scores (score-plan.mjs)', () => {
  const outDir = available ? fs.mkdtempSync(path.join(os.tmpdir(), 'plan-seed-test-')) : '';

  it('has seed documents', () => {
    expect(golds.length).toBeGreaterThan(0);
  });

  for (const gold of golds) {
    const base = gold.replace(/\.gold\.json$/, '');
    it(`${base}: task F1, months and departments ≥ 0.95`, () => {
      const text = fs.readFileSync(path.join(seedsDir, `${base}.txt`), 'utf8');
      const t0 = performance.now();
      const plan = parsePlanText(text, { fileName: `${base}.txt` });
      const elapsed = performance.now() - t0;
      const codes = plan.tasks.map((_, i) => `T${String(i + 1).padStart(3, '0')}`);
      const out = path.join(outDir, `${base}.json`);
      fs.writeFileSync(out, JSON.stringify(toContract(plan, codes), null, 2));
      const res = execFileSync(process.execPath, [scorer, path.join(seedsDir, gold), out, '--verbose'], { encoding: 'utf8' });
      const summary = res.trim().split('\n').pop() ?? '';
      const m = /F1=([\d.]+) \| months=([\d.]+) \| departments=([\d.]+)/.exec(summary);
      expect(m, res).not.toBeNull();
      const [f1, months, departments] = [Number(m![1]), Number(m![2]), Number(m![3])];
      expect(f1, res).toBeGreaterThanOrEqual(0.95);
      expect(months, res).toBeGreaterThanOrEqual(0.95);
      expect(departments, res).toBeGreaterThanOrEqual(0.95);
      // Generous bound for loaded CI machines; typical parse time is a few milliseconds.
      expect(elapsed).toBeLessThan(500);
    });
  }
});

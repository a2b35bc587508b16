/**
 * The project's own plan documents (test/fixtures/plans/*): each has an `.expected.json`
 * with the plan header, every task (title, months, departments, kind) and unplaced lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlanText, readPlanDocument, toContract } from '../../src/plan-import/index.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'plans');
const expectedFiles = fs.readdirSync(dir).filter((f) => f.endsWith('.expected.json')).sort();

interface Expected {
  plan: { title: string; issuer: string | null; doc_no: string | null; year: number };
  tasks: Array<{ title: string; months: number[] | 'all'; departments: string[]; kind: string }>;
  unplaced?: string[];
}

describe('fixture plans', () => {
  it('has at least 5 fixtures', () => {
    expect(expectedFiles.length).toBeGreaterThanOrEqual(5);
  });

  for (const ef of expectedFiles) {
    const base = ef.replace(/\.expected\.json$/, '');
    const doc = fs.readdirSync(dir).find((f) => f !== ef && f.startsWith(`${base}.`));
    it(`${base}: parses exactly the expected tasks`, async () => {
      expect(doc, `document for ${ef}`).toBeDefined();
      const expected = JSON.parse(fs.readFileSync(path.join(dir, ef), 'utf8')) as Expected;
      const text = await readPlanDocument(path.join(dir, doc!));
      const plan = parsePlanText(text, { fileName: doc });
      const contract = toContract(plan, plan.tasks.map((_, i) => `T${i + 1}`));
      expect(contract.plan).toEqual(expected.plan);
      expect(contract.tasks.map(({ title, months, departments, kind }) => ({ title, months, departments, kind }))).toEqual(expected.tasks);
      if (expected.unplaced) expect(plan.unplaced).toEqual(expected.unplaced);
      for (const t of plan.tasks) {
        expect(t.title.length).toBeGreaterThan(0);
        expect(t.datesNote === null).toBe(t.windows.length === 0);
      }
    });
  }
});

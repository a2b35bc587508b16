/**
 * Scores the plan parser on the seed documents: for each /work/shared/seeds/*.gold.json,
 * parses the .txt, writes the contract JSON to a temp dir and runs score-plan.mjs.
 * Usage: npx tsx scripts/score-seeds.ts [--verbose] [seedsDir]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePlanText, toContract } from '../src/plan-import/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const seedsDir = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(here, '..', '..', 'shared', 'seeds'));
const scorer = path.join(seedsDir, '..', 'tools', 'score-plan.mjs');

if (!fs.existsSync(seedsDir) || !fs.existsSync(scorer)) {
  console.error(`找不到样例目录或评分脚本：${seedsDir}`);
  process.exit(2);
}
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-seeds-'));
const golds = fs.readdirSync(seedsDir).filter((f) => f.endsWith('.gold.json')).sort();
for (const g of golds) {
  const base = g.replace(/\.gold\.json$/, '');
  const text = fs.readFileSync(path.join(seedsDir, `${base}.txt`), 'utf8');
  const t0 = performance.now();
  const plan = parsePlanText(text, { fileName: `${base}.txt` });
  const ms = performance.now() - t0;
  const codes = plan.tasks.map((_, i) => `T${String(i + 1).padStart(3, '0')}`);
  const out = path.join(outDir, `${base}.json`);
  fs.writeFileSync(out, JSON.stringify(toContract(plan, codes), null, 2));
  const res = execFileSync(process.execPath, [scorer, path.join(seedsDir, g), out, ...(verbose ? ['--verbose'] : [])], { encoding: 'utf8' });
  const lines = res.trim().split('\n');
  if (verbose) for (const l of lines.slice(0, -1)) console.log(l);
  console.log(`${lines[lines.length - 1]}  [${ms.toFixed(1)} ms]`);
}
console.log(`contract JSON written to ${outDir}`);

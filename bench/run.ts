import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchImport } from './import.js';
import { renderResults, type Section } from './lib.js';

/** Runs every benchmark and rewrites bench/RESULTS.md with the machine, the date and each figure. */
const sections: Section[] = [];
for (const [name, run] of [['import', benchImport]] as const) {
  process.stdout.write(`running ${name} benchmark…\n`);
  sections.push(await run());
}
const text = renderResults(sections);
writeFileSync(path.join(import.meta.dirname, 'RESULTS.md'), text + '\n');
process.stdout.write(text + '\n');

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchChatTurn } from './chat-turn.js';
import { benchFanOut } from './fanout.js';
import { benchImport } from './import.js';
import { loadAverage, renderResults, type Section } from './lib.js';
import { serverReachable, BENCH_SERVER_URL } from './pg.js';
import { runsWithServerFlags, SERVER_NODE_FLAGS } from './production.js';
import { benchStart } from './start.js';
import { benchWebhooks } from './webhooks.js';

/**
 * Runs every benchmark and rewrites bench/RESULTS.md with the machine, the date and each figure.
 * `npm run bench -- webhooks fanout` runs only those (printed, RESULTS.md untouched).
 */
const all = [
  ['import', benchImport],
  ['chat', benchChatTurn],
  ['webhooks', benchWebhooks],
  ['fanout', benchFanOut],
  ['start', benchStart],
] as const;
const only = process.argv.slice(2);
const unknown = only.filter((n) => !all.some(([name]) => name === n));
if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${all.map(([n]) => n).join(', ')}`);
if (!(await serverReachable())) {
  throw new Error(`PostgreSQL at ${new URL(BENCH_SERVER_URL).host} is not answering: the targets are PostgreSQL figures (set BENCH_DATABASE_URL)`);
}

// Every figure is skewed by other work on the machine (a test run, a build): before each benchmark, wait a
// while for it to calm down, and say in the results how busy it was during each one.
const quietBelow = Number(process.env.BENCH_QUIET_LOAD ?? 1);
const quietWaitS = Number(process.env.BENCH_QUIET_WAIT_S ?? 180);
async function waitForQuiet(): Promise<void> {
  const until = Date.now() + quietWaitS * 1000;
  while (loadAverage() > quietBelow && Date.now() < until) {
    process.stdout.write(`  waiting for a quieter machine (1-min load average ${loadAverage().toFixed(2)} > ${quietBelow})…\n`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
}
const started = Date.now();
const sections: Section[] = [];
for (const [name, run] of all) {
  if (only.length && !only.includes(name)) continue;
  process.stdout.write(`running ${name} benchmark…\n`);
  await waitForQuiet();
  const before = loadAverage();
  const peaks: number[] = [];
  const sampler = setInterval(() => peaks.push(loadAverage()), 5_000);
  const t = performance.now();
  const section = await run();
  clearInterval(sampler);
  section.title += ` — 1-min load average ${before.toFixed(2)} at start, at most ${Math.max(before, ...peaks).toFixed(2)}`;
  sections.push(section);
  process.stdout.write(`  ${name} took ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}
const notes = [
  `Took ${((Date.now() - started) / 60_000).toFixed(1)} min. Each section gives the 1-min load average while it ran: on 2 cores the benchmark `
    + 'itself brings it to about 2–3; well above that, other work was competing and the figures are pessimistic',
  'Everything runs on this one machine over loopback: PostgreSQL 15 (local server, a scratch database per benchmark), the app, '
    + 'and in child processes the load generator and the fake platform servers',
  runsWithServerFlags()
    ? `The app runs with the server's Node flags (\`${SERVER_NODE_FLAGS.join(' ')}\`, as \`npm start\` and the Docker image), the bare route in the same process`
    : `**Not run with the server's Node flags** (\`${SERVER_NODE_FLAGS.join(' ')}\`): start it with \`npm run bench\` for figures that stand for the server`,
];
const text = renderResults(sections, notes);
if (!only.length) writeFileSync(path.join(import.meta.dirname, 'RESULTS.md'), text + '\n');
process.stdout.write(text + '\n');

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { cli, cliDatabase } from '../helpers/cli-database.js';
import { hasShared, sharedDir } from '../helpers/shared.js';
import { checkCase, type ChatCase } from '../helpers/chat-cases.js';

const examples: { cases: ChatCase[] } = hasShared
  ? JSON.parse(readFileSync(path.join(sharedDir, 'queries/examples.json'), 'utf8'))
  : { cases: [] };

// ../shared/queries/examples.json through the CLI contract: `planbot ask TEXT --today D --json`.
describe.skipIf(!hasShared)('shared chat examples (planbot ask --json)', () => {
  let db: Awaited<ReturnType<typeof cliDatabase>>;
  beforeAll(async () => {
    db = await cliDatabase(async (database) => {
      for (const seed of ['000_98128339b69b1a76.txt', '001_a870d388baf7d0b6.txt']) {
        await importPlan(path.join(sharedDir, 'seeds', seed), { database });
      }
    });
  });
  afterAll(async () => db?.dispose());

  it.each(examples.cases.map((c) => [`${c.today} ${c.text}`, c] as const))('%s', async (_name, c) => {
    const r = await cli(['ask', c.text, '--today', c.today, '--json', '--db', db.url]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.out);
    expect(Object.keys(answer)).toEqual(['intent', 'reply', 'tasks']);
    for (const t of answer.tasks) expect(Object.keys(t)).toEqual(['code', 'title', 'months', 'departments']);
    checkCase(c, answer);
  });
});

import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../db/repositories/tasks.js';
import type { Catalog } from '../../src/query/catalog.js';
import { ParseCache } from '../../src/query/parse-cache.js';
import { parseQuery } from '../../src/query/parse-query.js';
import { selectionTasks, selectTasks } from '../../src/query/select-tasks.js';

const task = (id: number, title: string, month: number, departments: string[]): PlanTask => ({
  id, code: `C${id}`, ref: `#${id}`, title, detail: title, kind: 'scheduled', position: id, planId: 1, planYear: 2026,
  planTitle: '2026计划', departments, datesNote: null, allYear: false,
  windows: [{ startYear: 2026, startMonth: month, endYear: 2026, endMonth: month }],
});
const catalogOf = (tasks: PlanTask[], names: string[]): Catalog => ({
  year: 2026, tasks, planYears: [2026], departments: names.map((name, i) => ({ id: i + 1, name, aliases: [] })),
});
const july = { year: 2026, month: 7, day: 10 };
const august = { year: 2026, month: 8, day: 3 };

describe('ParseCache', () => {
  const v1 = catalogOf([task(1, '送清凉高温慰问', 7, ['局工会']), task(2, '组织疗休养', 8, ['组织人事处'])], ['局工会', '组织人事处']);

  it('reads a question once per day, department and catalog, and gives the same answer as reading it afresh', async () => {
    const cache = new ParseCache();
    let loads = 0;
    const env = { today: july, own: null, load: async () => { loads++; return v1; } };
    const first = await cache.parse('组织人事处有哪些任务', env);
    const again = await cache.parse('组织人事处有哪些任务', env);
    expect(again).toBe(first);
    expect(again).toEqual(await parseQuery('组织人事处有哪些任务', env));
    expect(first.departments.map((d) => d.name)).toEqual(['组织人事处']);
    expect(loads).toBeGreaterThanOrEqual(2); // the hit still asks for the catalog, to see it is the same one
  });

  it('reads again when the plan changed: a task added since is found', async () => {
    const cache = new ParseCache();
    let catalog = v1;
    const env = { today: july, own: null, load: async () => catalog };
    expect(selectionTasks(selectTasks(await cache.parse('本月任务', env))).map((t) => t.title)).toEqual(['送清凉高温慰问']);
    catalog = catalogOf([...v1.tasks, task(3, '职工互助保障参保', 7, ['局工会'])], ['局工会', '组织人事处']);
    expect(selectionTasks(selectTasks(await cache.parse('本月任务', env))).map((t) => t.title))
      .toEqual(['送清凉高温慰问', '职工互助保障参保']);
  });

  it('keeps days and chat departments apart: 本月 in August, 我们 in a bound chat', async () => {
    const cache = new ParseCache();
    const load = async () => v1;
    expect((await cache.parse('本月任务', { today: july, own: null, load })).time.months).toEqual([{ year: 2026, month: 7 }]);
    expect((await cache.parse('本月任务', { today: august, own: null, load })).time.months).toEqual([{ year: 2026, month: 8 }]);
    expect((await cache.parse('我们的任务', { today: july, own: null, load })).ownUnbound).toBe(true);
    const bound = await cache.parse('我们的任务', { today: july, own: { id: 2, name: '组织人事处' }, load });
    expect(bound.ownUnbound).toBe(false);
    expect(bound.departments.map((d) => d.name)).toEqual(['组织人事处']);
  });

  it('hands out frozen readings, keeps at most its limit, and forgets a reading that failed', async () => {
    const cache = new ParseCache(2);
    const load = async () => v1;
    const q = await cache.parse('本月任务', { today: july, own: null, load });
    expect(() => (q.keywords as string[]).push('x')).toThrow(TypeError);
    await cache.parse('八月任务', { today: july, own: null, load });
    await cache.parse('组织人事处', { today: july, own: null, load });
    expect(cache.size).toBe(2);
    const failing = { today: july, own: null, load: async (): Promise<Catalog> => { throw new Error('database gone'); } };
    await expect(cache.parse('九月任务', failing)).rejects.toThrow('database gone');
    expect(cache.size).toBe(1); // it made room for the reading, which is not kept
    expect((await cache.parse('九月任务', { today: july, own: null, load })).time.months).toEqual([{ year: 2026, month: 9 }]);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(await cache.parse('本月任务', { today: july, own: null, load })).not.toBe(q);
  });
});

import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../db/repositories/tasks.js';
import type { Catalog } from '../../src/query/catalog.js';
import { joinSpacedCharacters, parseQuery } from '../../src/query/parse-query.js';
import { selectionTasks, selectTasks } from '../../src/query/select-tasks.js';

let id = 0;
const t = (title: string, months: number[] | 'all', departments: string[], kind: PlanTask['kind'] = 'scheduled', planYear = 2026): PlanTask => ({
  id: ++id, code: `C${id}`, ref: `#${id}`, title, detail: title, kind, position: id, planId: planYear, planYear,
  planTitle: `${planYear}计划`, departments, datesNote: null, allYear: months === 'all',
  windows: months === 'all' ? [{ startYear: planYear, startMonth: 1, endYear: planYear, endMonth: 12 }]
    : months.map((m) => ({ startYear: planYear, startMonth: m, endYear: planYear, endMonth: m })),
});

const tasks = [
  t('局工会换届选举', [9], ['局工会']),
  t('机关工会换届选举', [], ['局工会', '机关工会']),
  t('组织体检', [9], ['局工会', '组织人事处']),
  t('组织疗休养', [4, 5], ['局工会', '组织人事处']),
  t('职工互助保障、会员服务卡参保', [7, 12], ['局工会', '机关工会', '执法总队工会']),
  t('预决算经费审查、调整', [2, 10], ['局工会经审委']),
  t('女职工专题活动', [3], ['局工会女工委']),
  t('各类先进评选推荐', 'all', ['局工会', '组织人事处']),
  t('深化工会改革', [], [], 'goal'),
  t('送清凉高温慰问（慰问一线）', [7, 8], ['局工会'], 'scheduled', 2021),
];
tasks[1]!.windows = [{ startYear: 2027, startMonth: 1, endYear: 2027, endMonth: 1 }];
const names = ['局工会', '机关工会', '组织人事处', '执法总队工会', '局工会经审委', '局工会女工委', '女工委'];
const catalog: Catalog = {
  year: 2026, tasks, planYears: [2026, 2021],
  departments: names.map((name, i) => ({ id: i + 1, name, aliases: name === '组织人事处' ? ['人事处'] : [] })),
};

const today = { year: 2026, month: 7, day: 10 };
const parse = (text: string, own: { id: number; name: string } | null = null) =>
  parseQuery(text, { today, own, load: async () => catalog });
const titles = async (text: string, own: { id: number; name: string } | null = null) =>
  selectionTasks(selectTasks(await parse(text, own))).map((x) => x.title);

describe('parseQuery', () => {
  it('finds departments by name, alias, unique part, and 我们', async () => {
    expect((await parse('组织人事处有哪些任务')).departments.map((d) => d.name)).toEqual(['组织人事处']);
    expect((await parse('人事处的任务')).departments.map((d) => d.name)).toEqual(['组织人事处']);
    expect((await parse('经审委有什么任务')).departments.map((d) => d.name)).toEqual(['局工会经审委']);
    expect((await parse('执法总队本月')).departments.map((d) => d.name)).toEqual(['执法总队工会']);
    expect((await parse('局工会经审委')).departments.map((d) => d.name)).toEqual(['局工会经审委']);
    expect((await parse('我们部门本月任务', { id: 2, name: '机关工会' })).departments.map((d) => d.name)).toEqual(['机关工会']);
    expect((await parse('我们部门本月任务')).ownUnbound).toBe(true);
  });

  it('reads 那些 typed for 哪些 as the question it is', async () => {
    expect(await parse('组织人事处有那些任务')).toEqual(await parse('组织人事处有哪些任务'));
    expect(await parse('本月有那些任务')).toEqual(await parse('本月有哪些任务'));
    expect((await parse('本月有那些任务')).keywords).toEqual([]);
  });

  it('prefers this year’s department when an old plan used a shorter name', async () => {
    expect((await parse('女工委的任务')).departments.map((d) => d.name)).toEqual(['局工会女工委']);
  });

  it('keeps a department name that is part of a title phrase as the subject', async () => {
    const q = await parse('机关工会换届选举什么时候');
    expect(q.departments).toEqual([]);
    expect(q.keywords).toEqual(['机关工会换届选举']);
    expect(await titles('机关工会换届选举什么时候')).toEqual(['机关工会换届选举']);
    expect(await titles('局工会换届选举什么时候')).toEqual(['局工会换届选举']);
  });

  it('does not take a subject for a department (女职工 is in a title)', async () => {
    const q = await parse('女职工专题活动什么时候');
    expect(q.departments).toEqual([]);
    expect(q.asksWhen).toBe(true);
  });

  it('reads task codes and leaves no keywords', async () => {
    const q = await parse('k7q2 的情况');
    expect(q.codes).toEqual(['K7Q2']);
    expect(q.keywords).toEqual([]);
  });

  it('matches keywords through synonyms', async () => {
    expect(await titles('疗养什么时候')).toEqual(['组织疗休养']);
    expect(await titles('参保')).toEqual(['职工互助保障、会员服务卡参保']);
    expect(await titles('评优')).toEqual(['各类先进评选推荐']);
    expect(await titles('换届')).toEqual(['局工会换届选举', '机关工会换届选举']);
  });

  it('finds a department’s tasks where the plan writes it by one of its directory aliases', async () => {
    const directory: Catalog = {
      ...catalog,
      departments: [...catalog.departments, { id: 99, name: '女职工委员会', aliases: ['局工会女工委'] }],
    };
    const q = await parseQuery('女职工委员会有什么任务', { today, own: null, load: async () => directory });
    expect(q.departments.map((d) => d.name)).toEqual(['女职工委员会']);
    expect(selectionTasks(selectTasks(q)).map((x) => x.title)).toEqual(['女职工专题活动']);
  });

  it('answers each subject of a question that names two', async () => {
    expect(await titles('体检和疗休养什么时候')).toEqual(['组织疗休养', '组织体检']);
    expect(await titles('参保和体检分别是几月')).toEqual(['职工互助保障、会员服务卡参保', '组织体检']);
    // Words that describe one subject together still narrow it down.
    expect(await titles('机关工会换届')).toEqual(['机关工会换届选举']);
  });

  it('combines time, department and keywords', async () => {
    expect(await titles('组织人事处九月份')).toEqual(['组织体检', '各类先进评选推荐']);
    expect(await titles('下半年人事处体检')).toEqual(['组织体检']);
    expect(await titles('明年1月')).toEqual(['机关工会换届选举']);
  });

  it('answers only from the asked year; an unnamed festival falls back to its months', async () => {
    expect(await titles('2021年送清凉')).toEqual(['送清凉高温慰问（慰问一线）']);
    const s = selectTasks(await parse('送清凉'));
    expect(s.festival).toBe('送清凉');
    expect(selectionTasks(s).map((x) => x.title)).toEqual(['职工互助保障、会员服务卡参保', '各类先进评选推荐']);
    expect(await titles('天气预报')).toEqual([]);
  });

  it('finds a department by an abbreviation that skips characters (宣教部 for 宣传教育部)', async () => {
    const plan: Catalog = {
      ...catalog,
      tasks: [...catalog.tasks, t('职工书屋建设', [5], ['宣传教育部']), t('劳动竞赛', [6], ['劳动和经济部'])],
      departments: [...catalog.departments, { id: 50, name: '宣传教育部', aliases: [] }, { id: 51, name: '劳动和经济部', aliases: [] }],
    };
    const read = (text: string) => parseQuery(text, { today, own: null, load: async () => plan });
    expect((await read('宣教部有什么任务')).departments.map((d) => d.name)).toEqual(['宣传教育部']);
    expect((await read('劳经部的工作')).departments.map((d) => d.name)).toEqual(['劳动和经济部']);
    // Not an abbreviation when the first or last character differs.
    expect((await read('教育部有什么任务')).departments.map((d) => d.name)).toEqual(['宣传教育部']); // a part, as before
    expect((await read('宣经部有什么任务')).departments).toEqual([]);
  });

  it('joins characters typed apart, but keeps words apart', () => {
    expect(joinSpacedCharacters('本 月 任 务')).toBe('本月任务');
    expect(joinSpacedCharacters('体 检什么时候')).toBe('体检什么时候');
    expect(joinSpacedCharacters('体检 疗休养')).toBe('体检 疗休养');
    expect(joinSpacedCharacters('K7Q2 完成')).toBe('K7Q2 完成');
  });

  it('reads a question typed with spaces between its characters', async () => {
    expect((await parse('本 月 任 务')).time.months).toEqual([{ year: 2026, month: 7 }]);
    expect(await titles('体 检 什么时候')).toEqual(['组织体检']);
  });

  it('reads 谁负责 / 啥事 as question words, not as part of the subject', async () => {
    expect(await titles('体检谁负责')).toEqual(['组织体检']);
    expect(await titles('疗休养归谁管')).toEqual(['组织疗休养']);
    expect(await titles('参保由哪个部门负责')).toEqual(['职工互助保障、会员服务卡参保']);
    expect((await parse('下个月都有啥事')).keywords).toEqual([]);
  });

  it('does not read a short alias inside a longer name or title as that department', async () => {
    const withAlias: Catalog = {
      ...catalog,
      tasks: [...catalog.tasks, t('指导基层工会规范化建设', [6], ['局工会'])],
      departments: catalog.departments.map((d) => (d.name === '局工会' ? { ...d, aliases: ['工会'] } : d)),
    };
    const read = (text: string) => parseQuery(text, { today, own: null, load: async () => withAlias });
    // 执法总队工会 ends in the alias 工会: the question is about 执法总队工会, not 局工会.
    expect((await read('总队工会有什么任务')).departments.map((d) => d.name)).toEqual(['执法总队工会']);
    // 基层工会 is part of a task title: a subject, not 局工会.
    const q = await read('基层工会有什么任务');
    expect(q.departments).toEqual([]);
    expect(selectionTasks(selectTasks(q)).map((x) => x.title)).toEqual(['指导基层工会规范化建设']);
    // A name we do not know ending in the alias: not 局工会 either.
    expect((await read('各行业工会要做什么')).departments).toEqual([]);
    // Standing alone, or after a filler like 请问, the alias still names 局工会.
    expect((await read('工会本月任务')).departments.map((d) => d.name)).toEqual(['局工会']);
    expect((await read('请问工会有哪些任务')).departments.map((d) => d.name)).toEqual(['局工会']);
  });

  it('lists goals after scheduled work', async () => {
    expect((await titles('今年')).at(-1)).toBe('深化工会改革');
  });
});

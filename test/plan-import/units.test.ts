/** Unit tests: time expressions, festival words, responsibility suffixes, contract months. */
import { describe, expect, it } from 'vitest';
import { findTimeMentions, monthsInYear, parseTimeCell, toContract, type ParsedPlan } from '../../src/plan-import/index.js';
import { extractResponsibility } from '../../src/plan-import/departments.js';
import { htmlToPlanText } from '../../src/plan-import/docx-html.js';

const months = (s: string, year = 2027) => findTimeMentions(s, year).map((m) => [m.text, m.allYear ? 'all' : monthsInYear(m.windows, year)]);

describe('time expressions', () => {
  it.each([
    ['1-2月', [['1-2月', [1, 2]]]],
    ['9～10 月', [['9～10 月', [9, 10]]]],
    ['3月至5月', [['3月至5月', [3, 4, 5]]]],
    ['7 月、12 月', [['7 月、12 月', [7, 12]]]],
    ['4 或 5 月', [['4 或 5 月', [4, 5]]]],
    ['七、八月份', [['七、八月份', [7, 8]]]],
    ['十二月', [['十二月', [12]]]],
    ['全年', [['全年', 'all']]],
    ['1-12月', [['1-12月', 'all']]],
    ['第三季度', [['第三季度', [7, 8, 9]]]],
    ['上半年', [['上半年', [1, 2, 3, 4, 5, 6]]]],
    ['年底前', [['年底', [12]]]],
    ['6月召开联席会议', [['6月', [6]]]],
    ['2028 年 1 月', [['2028 年 1 月', []]]],
    ['次年1月', [['次年1月', []]]],
    ['依托 7.15 城管公众开放日', [['7.15 城管公众开放日', [7]]]],
  ])('%s', (input, expected) => {
    expect(months(input)).toEqual(expected);
  });

  it('keeps outside-year windows with their own year', () => {
    expect(parseTimeCell('2028 年 1 月', 2027)).toEqual({
      windows: [{ startYear: 2028, startMonth: 1, endYear: 2028, endMonth: 1 }],
      allYear: false,
      note: '2028 年 1 月',
    });
  });

  it('maps festival and season words', () => {
    expect(months('结合元旦春节、高温季节开展慰问')).toEqual([['元旦春节', [1, 2]], ['高温季节', [7, 8]]]);
    expect(months('举办庆祝“五一”国际劳动节系列活动')).toEqual([['“五一”国际劳动节', [5]]]);
    expect(months('“三八”妇女节')).toEqual([['“三八”妇女节', [3]]]);
    expect(months('发放国庆慰问品')).toEqual([['国庆', [10]]]);
    expect(months('夏季送清凉')).toEqual([['夏季', [6, 7, 8]], ['送清凉', [7, 8]]]);
  });

  it('does not map words that give no concrete time', () => {
    for (const s of [
      '适时召开全市“五一”表彰大会',
      '结合世界读书日、上海读书节开展阅读活动',
      '组织春秋游',
      '支持金秋助学',
      '庆祝建党100周年',
      '新中国成立70周年',
      '国庆70周年',
      '推荐五一劳动奖章',
      '三八红旗手',
      '网上“五一学堂”',
      '培育 1-2 家先进典型',
      '12351 职工服务热线',
      '10.1万名一线职工',
      '常态化送温暖',
    ]) expect(months(s), s).toEqual([]);
  });
});

describe('responsibility suffixes', () => {
  it.each([
    ['开展活动。（责任单位：宣传部、网络工作部）', ['宣传部', '网络工作部']],
    ['开展活动。(责任部门：办公室， 组织部)', ['办公室', '组织部']],
    ['开展活动。（牵头单位：宣传部；配合单位：基层工作部、女职工部）', ['宣传部', '基层工作部', '女职工部']],
    ['开展活动。（牵头：劳动和经济部；配合：基层工作部）', ['劳动和经济部', '基层工作部']],
    ['开展活动。（劳动和经济部牵头，宣传部配合）', ['劳动和经济部', '宣传部']],
    ['开展活动。（时间：3月；责任部门：办公室；责任领导：张三）', ['办公室']],
    ['开展活动。责任单位：宣传部、网络工作部', ['宣传部', '网络工作部']],
  ])('%s', (text, departments) => {
    expect(extractResponsibility(text)?.departments).toEqual(departments);
  });

  it('ignores brackets that are not responsibility suffixes and partners in prose', () => {
    expect(extractResponsibility('组织体检（华东疗养院）')).toBeNull();
    expect(extractResponsibility('会同市人社局、联合市总工会开展技能评价。')).toBeNull();
  });

  it('reads a time label', () => {
    expect(extractResponsibility('召开职代会。（时间：3月；责任部门：办公室）')?.timeText).toBe('3月');
  });
});

describe('toContract', () => {
  it('uses the plan year, "all" for allYear and [] for undated or outside-year tasks', () => {
    const base = { detail: '', section: null, kind: 'scheduled' as const, departments: ['局工会'], ref: 'attachment #1' };
    const plan: ParsedPlan = {
      title: 't', issuer: null, docNo: null, year: 2026, unplaced: [],
      tasks: [
        { ...base, title: 'a', windows: [{ startYear: 2026, startMonth: 12, endYear: 2027, endMonth: 2 }], allYear: false, datesNote: '12月至次年2月' },
        { ...base, title: 'b', windows: [{ startYear: 2027, startMonth: 1, endYear: 2027, endMonth: 1 }], allYear: false, datesNote: '2027 年 1 月' },
        { ...base, title: 'c', windows: [{ startYear: 2026, startMonth: 1, endYear: 2026, endMonth: 12 }], allYear: true, datesNote: '全年' },
        { ...base, title: 'd', windows: [], allYear: false, datesNote: null },
      ],
    };
    const c = toContract(plan, ['T001', 'T002', 'T003', 'T004']);
    expect(c.plan).toEqual({ title: 't', issuer: null, doc_no: null, year: 2026 });
    expect(c.tasks.map((t) => [t.code, t.months])).toEqual([['T001', [12]], ['T002', []], ['T003', 'all'], ['T004', []]]);
    expect(Object.keys(c.tasks[0]!)).toEqual(['code', 'ref', 'title', 'months', 'dates_note', 'departments', 'kind']);
  });
});

describe('htmlToPlanText', () => {
  it('renders paragraphs as lines and tables as tab-separated rows, with rowspans repeated', () => {
    const html =
      '<h1>计划</h1><p>正文&amp;说明<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup></p>' +
      '<table><tr><td><p>序号</p></td><td><p>时间</p></td><td><p>内容</p></td></tr>' +
      '<tr><td>1</td><td rowspan="2">3月</td><td><p>甲</p><p>乙</p></td></tr>' +
      '<tr><td>2</td><td>丙</td></tr></table>' +
      '<ol><li>第一条</li><li>第二条</li></ol><ol><li id="footnote-1"><p>注释 <a href="#footnote-ref-1">↑</a></p></li></ol>';
    expect(htmlToPlanText(html)).toBe('计划\n正文&说明\n\n序号\t时间\t内容\n1\t3月\t甲 乙\n2\t3月\t丙\n\n1. 第一条\n2. 第二条\n');
  });
});

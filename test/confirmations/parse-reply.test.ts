import { describe, expect, it } from 'vitest';
import { extractFigures, readNumber } from '../../src/confirmations/figures.js';
import { parseReply, replyNote, splitReports, withoutDisowned } from '../../src/confirmations/parse-reply.js';
import { openWorkLines } from '../../src/confirmations/open-work.js';
import { taskPairs } from '../../src/confirmations/pairs.js';
import { confirmableWindows, currentWindowIndex } from '../../src/confirmations/windows.js';
import { remindableWindows } from '../../src/reminders/plan-reminders.js';
import { stripMention } from '../../src/core/strip-mention.js';

const REMINDER = '【任务开始】机关工会\n1. V4W5 职工子女暑期托管班\n   8月31日截止（牵头）｜完成后回复：完成 V4W5';

describe('parseReply: the words people use', () => {
  it.each([
    ['完成 K7Q2', 'done', ['K7Q2']],
    ['K7Q2 已完成 慰问120人', 'done', ['K7Q2']],
    ['k7q2完成', 'done', ['K7Q2']],
    ['Ｋ７Ｑ２ 已完成', 'done', ['K7Q2']],
    ['完成了', 'done', []],
    ['已办结', 'done', []],
    ['已落实', 'done', []],
    ['已报送', 'done', []],
    ['搞定了', 'done', []],
    ['亲子活动搞完了', 'done', []],
    ['生日慰问做完了', 'done', []],
    ['干完了', 'done', []],
    ['送清凉已完成', 'done', []],
    ['收到，已完成', 'done', []],
    ['E4G4 预决算审查报上去了', 'done', ['E4G4']],
    ['Y9G5 发完了', 'done', ['Y9G5']],
    ['V4W5 托管班圆满结束 共3个班', 'done', ['V4W5']],
    ['Z2C3 ok了', 'done', ['Z2C3']],
    ['Z2C3 ✅', 'done', ['Z2C3']],
    ['Q2Z9 全年完成，帮扶金合计10万元', 'done', ['Q2Z9']],
    ['健步走完了 参加200人', 'done', []],
    ['慰问完了 发了120份', 'done', []],
    ['Q5C9办结', 'done', ['Q5C9']],
    ['【完成】Q5C9', 'done', ['Q5C9']],
    ['[已完成] Q5C9 表彰20人', 'done', ['Q5C9']],
    ['Q5C9 √', 'done', ['Q5C9']],
    ['Q5C9 done', 'done', ['Q5C9']],
    ['部分完成 K7Q2 已报名80人', 'partial', ['K7Q2']],
    // 部份 is how many write 部分.
    ['部份完成 Z5M5 已体检200人', 'partial', ['Z5M5']],
    ['Z5M5 完成一部份', 'partial', ['Z5M5']],
    // More ways of saying it is done.
    ['国庆慰问品发放完毕', 'done', []],
    ['体检已实施完毕', 'done', []],
    ['国庆慰问品已发', 'done', []],
    ['国庆慰问品发好了', 'done', []],
    ['体检完成啦', 'done', []],
    ['国庆慰问品发了，每人一份共260份', 'done', []],
    ['慰问金都发下去了', 'done', []],
    ['慰问品发了一半', 'partial', []],
    ['慰问金发了一部分', 'partial', []],
    ['慰问品部分发放完毕', 'partial', []],
    ['正在推进', 'partial', []],
    ['进行中', 'partial', []],
    ['撤销 K7Q2', 'undo', ['K7Q2']],
    ['K7Q2 撤回', 'undo', ['K7Q2']],
    ['收到', 'ack', []],
    ['好的', 'ack', []],
    ['收到！谢谢', 'ack', []],
    ['好的，收到，马上安排', 'ack', []],
    ['收到，抓紧落实', 'ack', []],
  ])('%j → %s', (text, action, codes) => {
    const p = parseReply(text);
    expect(p?.action).toBe(action);
    expect(p?.codes).toEqual(codes);
  });

  it.each([
    '送清凉完成了吗', 'K7Q2 完成情况', '还没完成', '未完成', '本月已完成的任务', '有哪些没有完成', '进度',
    '请于7月31日前完成', '大家别忘了完成K7Q2', '完成了没', '本月任务', '什么时候完成',
    // Getting ready is not the work; a notice sent is not the task.
    '托管班准备完毕', '已发通知，请各分会报名', '慰问品发了吗', '通知发了没', '收到，通知已发', '通知已发了', '慰问品未发放完毕', '慰问品没有全部发放完毕',
    // Asked, guessed or passed on: not a report.
    '完了吗', '钱用完了没', '办结情况',
    '五一表彰是不是已经完成了', 'Q5C9是不是完成了', 'Q5C9 完成了吧', '五一表彰完成了吧', '听说五一表彰已经完成了', '据说送清凉已经结束了',
  ])('%j is not a confirmation', (text) => expect(parseReply(text)).toBeNull());

  it.each([
    'Z4E7还没有弄好，下周完成', 'Z4E7 计划下周完成', 'Z4E7 还差一点就完成了', 'K7Q2 即将完成', 'K7Q2 快完成了',
    '预计月底前报送', 'K7Q2 争取本周内完成', 'K7Q2 尚未弄完', 'K7Q2 明天就能办完',
    'V4W5 下周就完成了', 'V4W5明天就弄好了', '下个月就搞完了', 'K7Q2 月底就能办完了',
  ])('%j says the work is still to come: not a confirmation', (text) => expect(parseReply(text)).toBeNull());

  it.each([
    '收到，保证按时完成！', '一定完成。', '确保完成！', '努力完成！', '下周一定完成！', 'K7Q2 能按时完成。', 'K7Q2 这周完成，',
  ])('%j is a promise, not a report: not a confirmation', (text) => expect(parseReply(text)).toBeNull());

  it.each([
    '收到，7月20日前完成', '收到，月内完成', '收到，下班前完成', '收到，这两天完成', 'K7Q2 马上完成', 'K7Q2 延期到8月完成', 'K7Q2 完成不了',
    'K7Q2 已完成，下周完成R8P4',
  ])('%j is still to come', (text) => expect(parseReply(text)?.action ?? null).not.toBe('done'));

  it.each([
    ['K7Q2 第一批已完成，第二批下周完成', 'partial'], ['K7Q2 已完成3个，还有2个下周完成', 'partial'],
    ['K7Q2 已完成大半，剩下的下周完成', 'partial'], ['K7Q2 初评已完成，终评还没开始', 'partial'], ['K7Q2 完成80%', 'partial'],
    ['K7Q2 职代会完成', 'done'], ['K7Q2 座谈会完成', 'done'],
    ['K7Q2 按时完成', 'done'], ['K7Q2 如期完成，参加120人', 'done'], ['K7Q2 7月20日完成，慰问120人', 'done'],
    ['K7Q2 ✅ 慰问120人', 'done'], ['K7Q2 还在做', 'partial'],
  ])('%j → %s', (text, action) => expect(parseReply(text)?.action).toBe(action));

  it('“其他两项还没弄好” is about other tasks: the task named is done, without that clause in its note or figures', () => {
    expect(parseReply('健步走已完成，其他两项还没弄好', REMINDER)).toMatchObject({ action: 'done', before: '健步走', after: '', figures: [] });
    expect(parseReply('其他两项还没弄好', REMINDER)).toBeNull();
    // Parts of one task stay partial.
    expect(parseReply('K7Q2 第一批已完成，剩下3项下周完成')?.action).toBe('partial');
    expect(parseReply('K7Q2 已完成3个，还有2个下周完成')?.action).toBe('partial');
  });

  it('figures of what is still to come stay out of the sums', () => {
    const p = parseReply('K7Q2 慰问完成，还有30人下周慰问')!;
    expect(p.action).toBe('partial');
    expect(parseReply('K7Q2 完成了，剩余经费5万元还没拨付')!.figures).toEqual([]);
    expect(parseReply('K7Q2 ✅ 慰问120人')!.figures).toEqual([{ value: 120, unit: '人', text: '120人' }]);
  });

  it.each(['收到✅', '好的✅', '收到✔️', '已阅✅', '收到，马上落实✅'])('%j acknowledges', (text) => expect(parseReply(text)?.action).toBe('ack'));

  it.each([
    ['D6S9 已于上周五完成', 'done'],
    ['D6S9 近日完成', 'done'],
    ['K7Q2 上月底完成', 'done'],
    ['K7Q2 已按原计划完成', 'done'],
    ['K7Q2 疗休养计划完成', 'done'],
    ['K7Q2 完成了，经费还没报销', 'done'],
    ['K7Q2 搞定了，总结还没写', 'done'],
    ['K7Q2 完成，下周报送总结', 'done'],
    ['K7Q2 已完成，总结还没报送', 'done'],
    ['Z4E7 运动会完成', 'done'],
    ['K7Q2 第一批已发放，第二批下周完成', 'partial'],
    ['K7Q2 已完成，慰问金还没发', 'done'],
    ['K7Q2 已于月底前完成', 'done'],
    ['完成 K7Q2 按计划完成慰问', 'done'],
    ['K7Q2 月底前已完成', 'done'],
    ['K7Q2 准备工作已完成', 'done'],
    ['K7Q2 计划内容已全部完成', 'done'],
    ['K7Q2 很快就完成了', 'done'],
    ['K7Q2 6月底就完成了', 'done'],
    ['K7Q2 上个月就搞完了', 'done'],
  ])('%j → %s: done words beside words of time or plans', (text, action) => expect(parseReply(text)?.action).toBe(action));

  it('splitReports: each part of a message with its own status; a part still to come is left out', () => {
    const parts = splitReports('R8P4 已完成 表彰5个；Q2N3 正在推进')!;
    expect(parts.map((p) => [p.codes, p.action])).toEqual([[['R8P4'], 'done'], [['Q2N3'], 'partial']]);
    expect(splitReports('K7Q2 已完成。R8P4 下周完成')!.map((p) => [p.codes, p.action])).toEqual([[['K7Q2'], 'done']]);
    // One report of several codes, or a part with no status words of its own: read whole.
    expect(splitReports('完成 K7Q2；R8P4')).toBeNull();
    expect(splitReports('K7Q2、R8P4 都完成了')).toBeNull();
    expect(splitReports('R8P4 和 E9J4 都完成了')).toBeNull();
    // A part that only acknowledges, says its work is under way elsewhere, or is still to come: left out, not done.
    const only = (text: string) => splitReports(text)?.map((p) => `${p.codes.join()}:${p.action}`);
    expect(only('K7Q2 已完成，R8P4 收到')).toEqual(['K7Q2:done']);
    expect(only('K7Q2 已完成，R8P4 等领导签字')).toEqual(['K7Q2:done']);
    expect(only('K7Q2 已完成 R8P4 下周完成')).toEqual(['K7Q2:done']);
    expect(only('K7Q2 已完成，R8P4 还在做')).toEqual(['K7Q2:done', 'R8P4:partial']);
    // Words under a status said first go with it.
    expect(only('完成 K7Q2 慰问120人，R8P4 表彰20人')).toEqual(['K7Q2:done', 'R8P4:done']);
    // A comma ends a clause even when words stand before the next code; numbered items are parts, their numbers no note.
    expect(only('V4W5已完成，慰问品Y9G5还没发')).toEqual(['V4W5:done']);
    expect(only('K7Q2 已完成，下周完成R8P4')).toEqual(['K7Q2:done']);
    expect(only('1.V4W5已完成2.H8W8正在推进')).toEqual(['V4W5:done', 'H8W8:partial']);
    expect(only('1.D6S9已完成 2.Z2C3下周完成')).toEqual(['D6S9:done']);
    expect(splitReports('①V4W5已完成②J5D8已完成')!.map((p) => [p.action, p.before, p.after])).toEqual([['done', '', ''], ['done', '', '']]);
    expect(splitReports('1、D6S9 已完成，慰问120人\n2、Q2Z9 已完成')!.map((p) => p.after)).toEqual(['慰问120人', '']);
    // Numbers that do not count up from 1 are no list.
    expect(splitReports('R8P4 已完成 表彰集体5、个人20名；Q2N3 正在推进')![0]!.after).toBe('表彰集体5、个人20名');
  });

  it('withoutDisowned: a code after 不是 is taken out of the report, with the words that say a correction', () => {
    expect(withoutDisowned('J5D8已完成，不是V4W5')).toEqual({ text: 'J5D8已完成，', disowned: ['V4W5'] });
    expect(withoutDisowned('刚才说错了，不是V4W5，是J5D8已完成')).toEqual({ text: 'J5D8已完成', disowned: ['V4W5'] });
    expect(withoutDisowned('J5D8 已完成 而不是 V4W5、Y9G5').disowned).toEqual(['V4W5', 'Y9G5']);
    expect(withoutDisowned('V4W5 已完成，不是很顺利')).toEqual({ text: 'V4W5 已完成，不是很顺利', disowned: [] });
  });

  it('reads the codes of a quoted reminder, and a quote without text', () => {
    expect(parseReply('已完成', REMINDER)).toMatchObject({ action: 'done', codes: [], quotedCodes: ['V4W5'], quoted: true });
    expect(parseReply('完成', '')).toMatchObject({ action: 'done', quotedCodes: [], quoted: true });
    expect(parseReply('已完成')).toMatchObject({ quoted: false });
  });

  it('keeps the situation as the note, in the user’s punctuation, without codes and status words', () => {
    const byCode = parseReply('K7Q2 已完成 慰问120人，发放1.5万元')!;
    expect(replyNote(byCode, false)).toBe('慰问120人，发放1.5万元');
    expect(replyNote(parseReply('完成 K7Q2 已办结')!, false)).toBeNull();
    // An emoji or punctuation alone says nothing to keep.
    expect(replyNote(parseReply('K7Q2 已完成👍✅!!')!, false)).toBeNull();
    const byTitle = parseReply('送清凉已完成，共慰问200人次')!;
    expect(byTitle.before).toBe('送清凉');
    expect(replyNote(byTitle, true)).toBe('共慰问200人次');
    // The day it was done is no part of the task's name.
    for (const text of ['体检已于9月15日完成', '9月15日体检已完成', '体检于15号完成了']) {
      expect(parseReply(text)).toMatchObject({ action: 'done', before: '体检' });
    }
    expect(extractFigures('体检已于9月15日完成')).toEqual([]);
    // "完毕" is a status word too (README): not kept in the note.
    expect(replyNote(parseReply('D6S9 慰问品已发放完毕，共发放300份')!, false)).toBe('慰问品 共发放300份');
  });
});

describe('figures', () => {
  it('pulls numbers with units for the year-end summary, 万 and 千 read into the number so sums add up per unit', () => {
    expect(extractFigures('慰问120人，发放5万元，举办3场，参与200人次，另拨1.5万元')).toEqual([
      { value: 120, unit: '人', text: '120人' },
      { value: 50000, unit: '元', text: '5万元' },
      { value: 3, unit: '场', text: '3场' },
      { value: 200, unit: '人次', text: '200人次' },
      { value: 15000, unit: '元', text: '1.5万元' },
    ]);
  });

  it('reads amounts as people write them: Chinese numerals with 万, digits mixed with 万 and 千, thousands commas, 余', () => {
    expect(extractFigures('走访困难职工三十五户，发放慰问金七万五千元')).toEqual([
      { value: 35, unit: '户', text: '三十五户' }, { value: 75000, unit: '元', text: '七万五千元' },
    ]);
    expect(extractFigures('帮扶 3万5千元 医疗互助120余人')).toEqual([
      { value: 35000, unit: '元', text: '3万5千元' }, { value: 120, unit: '人', text: '120余人' },
    ]);
    expect(extractFigures('一万二千元')).toEqual([{ value: 12000, unit: '元', text: '一万二千元' }]);
    expect(extractFigures('参保1,250人')).toEqual([{ value: 1250, unit: '人', text: '1,250人' }]);
    expect(readNumber('二十万')).toBe(200000);
    expect(extractFigures('万人健步走活动圆满结束 参加800人')).toEqual([{ value: 800, unit: '人', text: '800人' }]);
  });

  it('counts what was done once: not a part (其中), an amount per item, a change, an ordinal, nor what a total sums', () => {
    const texts = (text: string) => extractFigures(text).map((f) => f.text);
    expect(texts('托管120人，其中双职工子女80人')).toEqual(['120人']);
    expect(texts('共慰问200人，其中发放慰问金5万元')).toEqual(['200人', '5万元']);
    expect(texts('共办2期，每期60人，合计120人')).toEqual(['2期', '120人']);
    expect(texts('第一期60人，第二期60人，合计120人')).toEqual(['120人']);
    expect(texts('参加人数三百余人 比去年多50人')).toEqual(['三百余人']);
    expect(texts('人均费用500元 共120人')).toEqual(['120人']);
    expect(texts('第二期也结束了')).toEqual([]);
  });

  it('money written without 元 counts in 元: 块 / 块钱, ¥, and an amount after 经费 / 花了; 3块奖牌 and 合计120 are no money', () => {
    const yuan = (text: string, value: number) => ({ value, unit: '元', text });
    expect(extractFigures('经费8.5万')).toEqual([yuan('8.5万元', 85000)]);
    expect(extractFigures('花了3万块，慰问100人')).toEqual([yuan('3万块', 30000), { value: 100, unit: '人', text: '100人' }]);
    expect(extractFigures('金额：¥8,500')).toEqual([yuan('¥8,500', 8500)]);
    expect(extractFigures('8500块钱')).toEqual([yuan('8500块钱', 8500)]);
    expect(extractFigures('￥1200元')).toEqual([yuan('1200元', 1200)]);
    expect(extractFigures('经费8500，慰问100人')).toEqual([yuan('8500元', 8500), { value: 100, unit: '人', text: '100人' }]);
    expect(extractFigures('发了3块奖牌，合计120，经费7月到位')).toEqual([]);
  });

  it('reads Chinese numbers and skips dates, codes and one-off words', () => {
    expect(extractFigures('慰问一百二十人，三场')).toEqual([
      { value: 120, unit: '人', text: '一百二十人' }, { value: 3, unit: '场', text: '三场' },
    ]);
    expect(extractFigures('7月31日前完成 K7Q2 一次性')).toEqual([]);
    expect(readNumber('十五')).toBe(15);
    expect(readNumber('一二')).toBeUndefined();
  });
});

describe('the current window (the reminders’ window_index)', () => {
  const task = { windows: [
    { startYear: 2026, startMonth: 7, endYear: 2026, endMonth: 7 },
    { startYear: 2026, startMonth: 12, endYear: 2026, endMonth: 12 },
  ], allYear: false, planYear: 2026 };
  it.each([
    [6, 0], [7, 0], [8, 0], [11, 0], [12, 1],
  ])('month %i → window %i', (month, index) => expect(currentWindowIndex(task, { year: 2026, month })).toBe(index));
  it('numbers windows exactly as the reminders do, so a confirmation silences that window’s notices', () => {
    const w = (sm: number, em = sm) => ({ startYear: 2026, startMonth: sm, endYear: 2026, endMonth: em });
    for (const t of [
      { windows: [w(7), w(12)], allYear: false }, { windows: [], allYear: true }, { windows: [w(1, 12)], allYear: true },
      { windows: [w(4, 5)], allYear: false },
    ]) {
      const reminder = { id: 1, code: 'A2B3', title: 't', kind: 'scheduled' as const, planYear: 2026, departments: [], ...t };
      expect(confirmableWindows({ ...t, planYear: 2026 })).toEqual(remindableWindows(reminder).map(([, win]) => win));
      expect(remindableWindows(reminder).map(([i]) => i)).toEqual(confirmableWindows({ ...t, planYear: 2026 }).map((_, i) => i));
    }
  });

  it('an all-year task without stored windows is window 0, as reminders count it', () => {
    expect(currentWindowIndex({ windows: [], allYear: true, planYear: 2026 }, { year: 2026, month: 9 })).toBe(0);
  });
});

describe('stripMention keeps the person a command is about', () => {
  it.each([
    ['@工会助手 设为负责人 @张三', '设为负责人 @张三'],
    ['@工会助手\u2005设为负责人 @张三\u2005', '设为负责人 @张三'],
    ['设为负责人 @张三 @工会助手', '设为负责人 @张三'],
    ['本月任务 @工会助手', '本月任务'],
  ])('%j → %j', (input, want) => expect(stripMention(input)).toBe(want));
});

describe('what a department still owes this month, after a confirmation', () => {
  it('lists the nearest deadline first: work due this month before work that runs on into the next', () => {
    const w = (sm: number, em = sm) => ({ startYear: 2026, startMonth: sm, endYear: 2026, endMonth: em });
    const task = (id: number, code: string, title: string, windows: ReturnType<typeof w>[]) => ({
      id, code, ref: '', title, detail: '', kind: 'scheduled' as const, windows, allYear: false, datesNote: null, position: id,
      planId: 1, planYear: 2026, planTitle: '2026年工作计划', departments: ['局工会'],
    });
    const pairs = taskPairs([task(1, 'D6S9', '送清凉高温慰问', [w(7, 8)]), task(2, 'M7Z2', '互助保障参保', [w(7)])], [],
      new Map([['局工会', 5]]), { year: 2026, month: 7, day: 10 });
    expect(openWorkLines(pairs, { id: 5, name: '局工会' }, { year: 2026, month: 7, day: 10 })).toEqual([
      '局工会本月还需完成 2 项：', '· M7Z2 互助保障参保（7月31日截止）', '· D6S9 送清凉高温慰问（8月31日截止）',
    ]);
  });
});

describe('spoken ways of saying done', () => {
  it.each([
    ['托管班已经搞完了', 'done', '托管班'], ['托管班已经圆满结束', 'done', '托管班'], ['慰问品已发放', 'done', '慰问品'],
    ['慰问品都发下去了', 'done', '慰问品'], ['慰问品已经发了', 'done', '慰问品'],
  ])('%j → %s, naming %j', (text, action, before) => expect(parseReply(text)).toMatchObject({ action, before }));
  it.each(['已报名', '慰问品还没发', '慰问品发放了吗', '慰问品下周发放'])('%j is no report of done', (text) =>
    expect(parseReply(text)?.action).not.toBe('done'));
});


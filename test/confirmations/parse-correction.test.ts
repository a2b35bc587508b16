import { describe, expect, it } from 'vitest';
import { figuresOfNote, numberOnly, withNumberReplaced } from '../../src/confirmations/correct-note.js';
import { parseCorrection } from '../../src/confirmations/parse-correction.js';

const RECORDED = '已记录：机关工会 完成 V4W5 职工子女暑期托管班（7-8月）。\n说明：托管120人\n另有逾期未确认 3 项：Y9G5、C8U7、J5D8';

describe('parseCorrection', () => {
  it('reads what is corrected and the new words, however the correction is said', () => {
    expect(parseCorrection('V4W5 人数改为130')).toMatchObject({ kind: 'correct', codes: ['V4W5'], subject: '人数', wording: '130', assigned: true });
    expect(parseCorrection('更正：V4W5 托管130人')).toMatchObject({ codes: ['V4W5'], subject: '', wording: '托管130人', assigned: false });
    expect(parseCorrection('V4W5 写错了，应为130人')).toMatchObject({ codes: ['V4W5'], subject: '', wording: '130人' });
    expect(parseCorrection('Ｖ４Ｗ５ 改成了130人')).toMatchObject({ codes: ['V4W5'], wording: '130人' });
    expect(parseCorrection('V4W5 托管130人，刚才写错了')).toMatchObject({ codes: ['V4W5'], wording: '托管130人' });
    expect(parseCorrection('更正：V4W5 已完成，托管130人，谢谢')).toMatchObject({ wording: '托管130人', status: null });
    expect(parseCorrection('V4W5 托管120人改为130人')).toMatchObject({ subject: '托管120人', wording: '130人' });
  });

  it('a quote of the bot’s 已记录 answer names the task it recorded, not the open work it lists', () => {
    expect(parseCorrection('人数应该是130', RECORDED)).toMatchObject({ codes: [], quotedCodes: ['V4W5'], quoted: true, subject: '人数', wording: '130' });
  });

  it('says when the new words are a code, a status, or several values', () => {
    expect(parseCorrection('V4W5 写错了，应该是J5D8')).toMatchObject({ codes: ['V4W5'], newCodes: ['J5D8'] });
    expect(parseCorrection('V4W5 改为下周完成')).toMatchObject({ status: 'not-done' });
    expect(parseCorrection('更正：V4W5 部分完成，报名90人')).toMatchObject({ status: 'partial', wording: '报名90人' });
    expect(parseCorrection('V4W5 人数改为130，J5D8 人数改为80')).toMatchObject({ codes: ['V4W5', 'J5D8'], newCodes: [], several: true });
    expect(parseCorrection('V4W5 写错了怎么改')).toEqual({ kind: 'how', codes: ['V4W5'] });
  });

  it('is not a correction: reports, take-backs, code negations, promises, hedges, questions', () => {
    for (const text of ['V4W5已完成，托管120人', '完成 V4W5', '不是V4W5', '刚才说错了，不是Y9G5，是C8U7已完成', 'V4W5 下周就完成了',
      'V4W5应该是完成了', '写错了，撤销 V4W5', '撤回刚才的确认', '送清凉应为几月', 'V4W5是不是写错了', '大家应该是7月底前完成', '没错了', '有误']) {
      expect(parseCorrection(text), text).toBeNull();
    }
  });
});

describe('a number alone replaces one figure of the note', () => {
  const fix = (note: string | null, wording: string, subject = '') => withNumberReplaced(note, numberOnly(wording)!, subject);

  it('the only figure, one of its unit, one of the unit the subject names, or the one the subject quotes', () => {
    expect(fix('托管120人', '130')).toEqual({ kind: 'note', note: '托管130人' });
    expect(fix('托管120人', '130名')).toEqual({ kind: 'note', note: '托管130名' });
    expect(fix('托管一百二十余人', '130人')).toEqual({ kind: 'note', note: '托管130人' });
    expect(fix('托管一百二十余人', '130')).toEqual({ kind: 'note', note: '托管130余人' });
    expect(fix('慰问120人、发放物资50份', '60份')).toEqual({ kind: 'note', note: '慰问120人、发放物资60份' });
    expect(fix('慰问120人、发放物资50份', '130', '人数')).toEqual({ kind: 'note', note: '慰问130人、发放物资50份' });
    expect(fix('慰问120人，经费1.5万', '2万元')).toEqual({ kind: 'note', note: '慰问120人，经费2万' });
    expect(fix('第一期60人，第二期70人', '65人', '第一期60人')).toEqual({ kind: 'note', note: '第一期65人，第二期70人' });
  });

  it('anything else is unclear, with the figures it could be', () => {
    expect(fix('慰问120人、发放物资50份', '130')).toMatchObject({ kind: 'unclear', figures: [{ text: '120人' }, { text: '50份' }] });
    expect(fix('托管120人，其中双职工子女80人', '130人')).toMatchObject({ kind: 'unclear', figures: [{ text: '120人' }, { text: '80人' }] });
    expect(fix('发放5万元', '130', '人数')).toMatchObject({ kind: 'unclear', figures: [{ text: '5万元' }] });
    expect(fix('活动顺利举办', '130')).toEqual({ kind: 'unclear', figures: [] });
    expect(fix(null, '130人')).toEqual({ kind: 'unclear', figures: [] });
  });

  it('only a number (with its unit) is a number; the figures follow the note as a report of it would count them', () => {
    expect(numberOnly('一百三十人')).toMatchObject({ value: 130, unit: '人' });
    expect(numberOnly('约1.5万')).toMatchObject({ value: 15000, unit: null });
    expect(numberOnly('托管130人')).toBeNull();
    expect(figuresOfNote('托管130人，还有30人下周托管')).toEqual([{ value: 130, unit: '人', text: '130人' }]);
  });
});

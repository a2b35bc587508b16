import { describe, expect, it } from 'vitest';
import { stripMention } from '../../src/core/strip-mention.js';

describe('stripMention', () => {
  it.each([
    ['@工会助手 本月任务', '本月任务'],
    ['@机器人\u2005本月任务', '本月任务'],
    ['＠工会助手\u3000本月任务', '本月任务'],
    ['@工会助手 @张三 送清凉什么时候', '送清凉什么时候'],
    [' 本月任务', '本月任务'],
    ['本月任务 @工会助手', '本月任务'],
    ['本月任务', '本月任务'],
    ['@工会助手', ''],
    ['@工会助手本月任务', '本月任务'],
    ['@小王本月任务', '@小王本月任务'],
    ['邮箱 a@b.com 能用吗', '邮箱 a@b.com 能用吗'],
    // Addressed by name, typed or spoken, without a real mention.
    ['助手，下个月干嘛', '下个月干嘛'],
    ['艾特助手 这个月有啥任务', '这个月有啥任务'],
    ['工会助手 本月任务', '本月任务'],
    ['助手你好，送清凉什么时候', '送清凉什么时候'],
    ['助手', '助手'],
    ['小王，本月任务', '小王，本月任务'],
  ])('%j → %j', (input, want) => expect(stripMention(input)).toBe(want));
});

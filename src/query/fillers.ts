/**
 * Words that carry the shape of a question but not its subject. They are removed before keywords are read;
 * longer phrases first so 什么时候 is removed whole rather than as 什么 + 时候.
 */
export const WHEN_WORDS = [
  '什么时候', '啥时候', '什么时间', '哪个月份', '哪个月', '哪几个月', '几月份', '几月', '哪月', '何时', '哪天',
  '几号', '时间安排', '时间', '日期', '安排在', '定在', '放在', '排在',
  // "体检什么时候截止", "送清凉哪天到期": a task's deadline is asked as its time (deadlines.ts answers them without a task).
  '截止时间', '截止日期', '截止', '到期时间', '到期', '期限',
];

export const STATUS_WORDS = ['未完成', '没完成', '已完成', '完成情况', '完成了吗', '完成了没', '逾期', '超期', '进度'];

export const FILLER_WORDS = [
  ...WHEN_WORDS, ...STATUS_WORDS,
  '请问一下', '请问', '听说', '据说', '你好', '您好', '麻烦你', '麻烦', '帮我查一下', '帮我查', '帮我看看', '帮我', '帮忙',
  '查一下', '查询', '查查', '看一下', '看看', '告诉我', '我想知道', '想知道', '我想问', '想问', '问一下', '问下',
  '一下', '谢谢', '多谢', '有哪些部门', '有哪些', '有什么',
  // 那 for 哪, a slip nearly every phone keyboard offers: "本月有那些任务".
  '有那些', '是那些', '那些',
  // "一共多少项任务", "还剩几项没完成": the count is in the answer's title.
  '多少项', '多少个', '多少件', '多少条', '几项', '几件', '几条', '还剩', '剩下',
  // "本月任务发我一下", "发给我看看".
  '发我一下', '发给我', '发我', '发一下', '给我', '部门', '有没有', '有啥', '是哪些', '是什么', '哪些', '什么', '都有', '还有',
  '由哪个部门负责', '哪个部门负责', '哪个部门', '哪些部门', '由谁负责', '谁来负责', '谁负责', '归谁管', '谁管', '谁',
  '需要完成', '必须完成', '要完成', '需完成', '啥事', '啥', '分别', '到底', '究竟', '一共', '总共', '呗', '需要做', '要做', '需要', '负责的', '负责', '主要', '具体', '相关的', '相关', '关于', '情况', '所有', '全部',
  '任务', '工作', '事项', '事情', '安排', '计划', '活动', '项目', '内容', '清单', '列表',
  '进行', '举办', '开展', '怎么样', '怎么', '怎样', '如何', '咋样', '咋', '搞',
  // Spoken padding around a question: "本季度重点工作", "责任部门是谁", "机关工会那边进度咋样", "已经完成了吗".
  '重点工作', '重点任务', '重点事项', '责任部门', '责任单位', '那边', '这边', '已经',
  '吗', '呢', '吧', '呀', '啊', '嘛', '么', '哦', '的', '了', '是', '在', '都', '要', '做', '干', '有', '和', '与', '及', '还', '哪',
];

/** Matches any filler, longest first. */
export const FILLER_PATTERN = new RegExp(
  [...new Set(FILLER_WORDS)].sort((a, b) => b.length - a.length).map(escape).join('|'),
);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

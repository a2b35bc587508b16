/**
 * Words that carry the shape of a question but not its subject. They are removed before keywords are read;
 * longer phrases first so 什么时候 is removed whole rather than as 什么 + 时候.
 */
export const WHEN_WORDS = [
  '什么时候', '啥时候', '什么时间', '哪个月份', '哪个月', '哪几个月', '几月份', '几月', '哪月', '何时', '哪天',
  '几号', '时间安排', '时间', '日期', '安排在', '定在', '放在', '排在',
];

export const STATUS_WORDS = ['未完成', '没完成', '已完成', '完成情况', '完成了吗', '完成了没', '逾期', '超期', '进度'];

export const FILLER_WORDS = [
  ...WHEN_WORDS, ...STATUS_WORDS,
  '请问一下', '请问', '你好', '您好', '麻烦你', '麻烦', '帮我查一下', '帮我查', '帮我看看', '帮我', '帮忙',
  '查一下', '查询', '查查', '看一下', '看看', '告诉我', '我想知道', '想知道', '我想问', '想问', '问一下', '问下',
  '一下', '谢谢', '多谢', '有哪些', '有什么', '有没有', '有啥', '是哪些', '是什么', '哪些', '什么', '都有', '还有',
  '由哪个部门负责', '哪个部门负责', '哪个部门', '哪些部门', '由谁负责', '谁来负责', '谁负责', '归谁管', '谁管', '谁',
  '啥事', '啥', '分别', '到底', '究竟', '一共', '总共', '呗', '需要做', '要做', '需要', '负责的', '负责', '主要', '具体', '相关的', '相关', '关于', '情况', '所有', '全部',
  '任务', '工作', '事项', '事情', '安排', '计划', '活动', '项目', '内容', '清单', '列表',
  '进行', '举办', '开展', '怎么样', '怎么', '怎样', '如何', '搞',
  '吗', '呢', '吧', '呀', '啊', '嘛', '么', '哦', '的', '了', '是', '在', '都', '要', '做', '干', '有', '和', '与', '及', '还', '哪',
];

/** Matches any filler, longest first. */
export const FILLER_PATTERN = new RegExp(
  [...new Set(FILLER_WORDS)].sort((a, b) => b.length - a.length).map(escape).join('|'),
);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { reply } from '../src/core/reply.js';
import { defineCommand } from '../src/core/router.js';

const HELP = /^(?:帮助|help|h|\?+|菜单|功能|使用说明|说明|怎么用|如何使用|你能做什么|你会什么|你会做什么|你可以做什么|能做什么|可以问什么|能问什么|你好|您好|hi|hello|嗨|哈喽|在吗|在么|早|早安|早上好|上午好|中午好|下午好|晚上好|你是谁|您是谁|你叫什么|你是干什么的|你是做什么的|介绍一下你自己)$/i;

/** Example questions; shared with the fallback answer. */
export const EXAMPLES = ['本月任务', '下个月有什么工作', '组织人事处有哪些任务', '体检什么时候'];

export const helpLines = [
  '我是工会计划助手，可以查询年度工作计划。可以这样问：',
  '· 按时间：本月任务、下个月有什么工作、十月份任务、第三季度任务、下半年任务',
  '· 按部门：组织人事处有哪些任务、我们部门本月任务',
  '· 按事项：体检什么时候、疗休养安排在几月、送清凉是哪几个月',
  '· 按编号：发送任务编号（如 K7Q2）查看详情',
  '· 确认完成：完成 K7Q2 慰问120人；或引用提醒回复“已完成”；部分完成 K7Q2；撤销 K7Q2',
  '· 更正记录：更正 K7Q2 慰问130人；K7Q2 人数改为130',
  '· 查进度：进度、7月进度、我们的进度、未完成、逾期、完成了哪些',
  '· 管理员：计划列表、部门列表、群列表、绑定 部门名称、设为负责人 @姓名、取消负责人 @姓名',
];

export const help = defineCommand({
  name: 'help',
  match: (text) => {
    const t = text.normalize('NFKC').replace(/[\s。.!！~～、，,]+/g, '');
    return t === '' || HELP.test(t) || /^帮助/.test(t) ? true : null;
  },
  handle: () => reply(helpLines, { footer: '在群里请先 @我 再提问。' }),
});

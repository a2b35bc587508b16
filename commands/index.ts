import type { Command } from '../src/core/router.js';
import { acknowledge } from './acknowledge.js';
import { bindChat } from './bind-chat.js';
import { bindingHelp } from './binding-help.js';
import { confirm } from './confirm.js';
import { correct } from './correct.js';
import { doneCount } from './done-count.js';
import { deadlines } from './deadlines.js';
import { directoryLists } from './directory-lists.js';
import { help } from './help.js';
import { ledger, plans } from './plans.js';
import { progress } from './progress.js';
import { queryTasks } from './query-tasks.js';
import { removeHead, setHead } from './set-head.js';
import { withUnboundNotice } from './unbound-notice.js';
import { unknown } from './unknown.js';
import { whenCommand } from './when.js';

/**
 * Chat commands in matching order; the first match wins. Commands that act on a message (confirmations,
 * progress, binding) go before the questions, so "完成 K7Q2" is not read as a question about K7Q2.
 * A correction ("V4W5 人数改为130") goes before acknowledging and confirming, so "更正：V4W5 已完成 …" corrects what
 * was recorded and "V4W5 改为下周完成" is not taken for a mere promise.
 * A count of the work done ("上个月完成了几项") goes before them all: it asks, and must never record.
 * "怎么绑定群" (bindingHelp) goes before binding, or "绑定怎么弄" would bind to a department 怎么弄.
 * The lists go before binding ("绑定情况" is a list, not a department). `unknown` matches everything and
 * stays last.
 */
export const commands: readonly Command<any>[] = [
  help,
  plans,
  ledger,
  directoryLists,
  bindingHelp,
  bindChat,
  setHead,
  removeHead,
  doneCount,
  correct,
  acknowledge,
  confirm,
  deadlines,
  withUnboundNotice(progress),
  whenCommand,
  queryTasks,
  unknown,
];

import type { Command } from '../src/core/router.js';
import { help } from './help.js';
import { plans } from './plans.js';
import { queryTasks } from './query-tasks.js';
import { unknown } from './unknown.js';
import { whenCommand } from './when.js';

/**
 * Chat commands in matching order; the first match wins. Commands that act on a message (confirmations,
 * progress, binding) go before the questions, so "完成 K7Q2" is not read as a question about K7Q2.
 * `unknown` matches everything and stays last.
 */
export const commands: readonly Command<any>[] = [
  help,
  plans,
  whenCommand,
  queryTasks,
  unknown,
];

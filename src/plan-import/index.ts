import path from 'node:path';
import type { ParsedPlan } from './types.js';
import { PlanImportError } from './errors.js';
import { readPlanDocument } from './read-document.js';
import { parsePlanText, type ParseOptions } from './parse-plan.js';

export * from './types.js';
export { PlanImportError, isPlanImportError, type PlanImportErrorCode } from './errors.js';
export { readPlanDocument, decodeText, MAX_PLAN_FILE_BYTES } from './read-document.js';
export { parsePlanText, type ParseOptions } from './parse-plan.js';
export { toContract, contractMonths, type PlanContract, type ContractTask } from './contract.js';
export { findTimeMentions, parseTimeCell, monthsInYear, type TimeMention } from './time-expressions.js';

/**
 * Reads and parses a plan document. Throws PlanImportError (NOT_FOUND, UNSUPPORTED,
 * TOO_LARGE, EMPTY, BINARY, CORRUPT, or NO_TASKS when nothing could be read as a task).
 */
export async function parsePlanFile(filePath: string, opts: Omit<ParseOptions, 'fileName'> = {}): Promise<ParsedPlan> {
  const text = await readPlanDocument(filePath);
  const name = path.basename(filePath);
  const plan = parsePlanText(text, { ...opts, fileName: name });
  if (!plan.tasks.length) {
    throw new PlanImportError(
      'NO_TASKS',
      `没有从 ${name} 中识别出任何工作任务。请确认这是年度工作计划或工作要点：任务一般写成编号条目（如“1、”“（一）”）、按月份列出，或放在“序号/内容/时间/负责部门”表格里。`,
      { filePath },
    );
  }
  return plan;
}

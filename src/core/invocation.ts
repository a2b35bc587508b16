/**
 * How a person runs the command line, as every message that names a command writes it: there is no `planbot`
 * program on the path, the commands run through npm in the project folder.
 */
export const PLANBOT = 'npm run --silent planbot --';

/** Said by a command that has nothing to show before any plan is imported. */
export const NO_PLAN_YET = `还没有导入任何计划。请先运行：${PLANBOT} import 计划文件.docx`;

/** How the admin imports a year's official holiday schedule (README “节假日和调休”). */
export const HOLIDAYS_IMPORT = `${PLANBOT} holidays import 放假通知.txt`;

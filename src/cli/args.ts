import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/errors.js';

/** Parses a command's options; unknown or malformed options become a Chinese usage error. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[], options: T, usage: string,
) {
  try {
    return parseArgs({ args, options: { ...options, db: { type: 'string' }, debug: { type: 'boolean' } },
      allowPositionals: true, strict: true });
  } catch (err) {
    const m = /'(-{1,2}[^' ]+)/.exec((err as Error).message);
    const missing = (err as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE';
    const what = !m ? '参数有误。' : missing ? `参数 ${m[1]} 后面缺少取值。` : `无法识别的参数 ${m[1]}。`;
    throw new UserError('USAGE', `${what}用法：${usage}`);
  }
}

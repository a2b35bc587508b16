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
    const m = /'(-{1,2}[^']+)'/.exec((err as Error).message);
    throw new UserError('USAGE', `${m ? `无法识别的参数 ${m[1]}。` : '参数有误。'}用法：${usage}`);
  }
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

type Env = Record<string, string | undefined>;

/**
 * The settings of a `.env` file in the working directory (the README's way to configure the bot without
 * Docker), under the process's own environment, which wins for a variable set in both. No file: `env` as it is.
 * The file may use comments, quotes and `KEY=value  # note`.
 */
export function withDotEnv(env: Env, file = path.resolve('.env')): { env: Env; file?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { env };
    throw new DotEnvError(`无法读取配置文件 ${file}（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）。请检查文件权限，或删除该文件改用环境变量。`);
  }
  const fromFile = parseEnv(text.replace(/^\uFEFF/, '')) as Env;
  const merged: Env = { ...fromFile };
  // Set and empty counts as not set (as loadConfig reads it): it does not hide the file's value.
  for (const [k, v] of Object.entries(env)) if (v !== undefined && (v !== '' || !(k in fromFile))) merged[k] = v;
  return { env: merged, file };
}

export class DotEnvError extends Error {
  override name = 'DotEnvError';
}

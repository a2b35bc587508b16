import { parseCommandArgs } from './args.js';
import type { CliIo } from './context.js';
import { PLANBOT } from '../core/invocation.js';

/** `planbot serve`: the same process as `npm start`, with --db overriding DATABASE_URL. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {}, `${PLANBOT} serve [--db <数据库地址>]`);
  const { runServerProcess } = await import('../server.js');
  await runServerProcess(values.db ? { ...io.env, DATABASE_URL: values.db } : io.env);
  return new Promise<number>(() => {}); // runs until a signal ends the process
}

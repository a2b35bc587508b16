import type { Database } from '../../db/client.js';
import { runCli } from '../../src/cli.js';

export interface CliRun { code: number; stdout: string; stderr: string }

/**
 * Runs one planbot command in-process, as `npm run --silent planbot -- …` would, capturing its output.
 * With `database`, the command works on that open database (an in-memory PGlite cannot be reopened by URL).
 */
export async function planbot(
  args: string[],
  opts: { env?: Record<string, string | undefined>; database?: Database; answer?: (question: string) => string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    out: (s) => { stdout += s + '\n'; },
    err: (s) => { stderr += s + '\n'; },
    // With `answer`, the command runs as at a terminal and each question it asks gets that answer.
    isTTY: Boolean(opts.answer),
    ask: opts.answer && (async (q) => { stdout += q; return opts.answer!(q); }),
    env: opts.env ?? {},
    database: opts.database,
  });
  return { code, stdout, stderr };
}

import { fork, type ChildProcess } from 'node:child_process';

/**
 * A TypeScript test script run in its own process (`node --import tsx`, so a test can SIGKILL it), resolved with
 * the child and the first message it sends once ready; rejected if it fails to start or exits before that.
 */
export function forkReady<M = unknown>(file: string, env: Record<string, string>, what: string): Promise<{ child: ChildProcess; ready: M }> {
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, ready: m as M }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${what} child exited early (${code})`)));
  });
}

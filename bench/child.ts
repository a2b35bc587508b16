import { fork, type ChildProcess } from 'node:child_process';

/**
 * A TypeScript module run as a child Node process (node --import tsx) with an IPC channel: the load
 * generator and the fake platform servers run there, so they do not share the measured process's event loop.
 * The child answers each `{ id, cmd, … }` with `{ id, ok, value | error }` (see serveChild).
 */
export interface ChildHandle {
  child: ChildProcess;
  call<T>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export function startChild(modulePath: string, env: Record<string, string> = {}): ChildHandle {
  const child = fork(modulePath, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) w.resolve(m.value);
    else w.reject(new Error(m.error));
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`child ${modulePath} exited (${code})`));
    waiting.clear();
  });
  return {
    child,
    call<T>(cmd: string, args: Record<string, unknown> = {}) {
      const id = ++next;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, cmd, ...args });
      });
    },
    close: () => stopChild(child, 5_000),
  };
}

/** The child side: dispatches each IPC command to its handler and sends back the outcome. */
export function serveChild(handlers: Record<string, (args: Record<string, unknown>) => Promise<unknown>>): void {
  process.on('message', async (m: { id: number; cmd: string } & Record<string, unknown>) => {
    const h = handlers[m.cmd];
    try {
      if (!h) throw new Error(`unknown command ${m.cmd}`);
      process.send!({ id: m.id, ok: true, value: await h(m) });
    } catch (err) {
      process.send!({ id: m.id, ok: false, error: (err as Error).stack ?? String(err) });
    }
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

/** Asks a child process to stop (SIGTERM), kills it if it has not exited after `graceMs`, and waits for it. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

import type { PlanTask } from '../../db/repositories/tasks.js';
import type { CommandContext } from './context.js';
import { UserError } from './errors.js';
import type { Reply } from './reply.js';

/** A command's answer: the Reply platforms render, plus the tasks it is about (for `ask --json` and tests). */
export interface CommandReply extends Reply {
  tasks?: PlanTask[];
}

/**
 * One chat command (one file in commands/). `match` is a predicate over the cleaned text: it returns what
 * `handle` needs, or null to let the next command try. First match wins.
 */
export interface Command<M = unknown> {
  name: string;
  /**
   * The command writes to the database: its handle() runs in a transaction (ctx.db is that transaction), so
   * its writes commit together or not at all. It must raise UserError before its first write: a UserError is
   * an answer, and the transaction is rolled back.
   */
  writes?: boolean;
  match(text: string, ctx: CommandContext): M | null | Promise<M | null>;
  handle(match: M, ctx: CommandContext): CommandReply | Promise<CommandReply>;
}

/** Keeps the match → handle types tied together while the list holds commands of different match types. */
export function defineCommand<M>(c: Command<M>): Command<M> {
  if (!/^[a-z][a-z-]*$/.test(c.name)) throw new Error(`command name must be kebab-case: ${c.name}`);
  return c;
}

export interface Routed { command: string; reply: CommandReply }

/** Runs the first command that matches. The list must end with a fallback that always matches. */
export async function route(commands: readonly Command<any>[], text: string, ctx: CommandContext): Promise<Routed> {
  const { command, match } = await firstMatch(commands, text, ctx);
  return run(command, match, ctx);
}

/** As route(), but only when the matching command does not write: null (and nothing run) when it does. */
export async function routeReadOnly(commands: readonly Command<any>[], text: string, ctx: CommandContext): Promise<Routed | null> {
  const { command, match } = await firstMatch(commands, text, ctx);
  return command.writes ? null : run(command, match, ctx);
}

async function firstMatch(commands: readonly Command<any>[], text: string, ctx: CommandContext) {
  for (const command of commands) {
    // Most matchers answer at once: only a promise is waited for (an await each would cost a turn of the
    // microtask queue per command tried).
    let match = command.match(text, ctx);
    if (match instanceof Promise) match = await match;
    if (match !== null && match !== undefined) return { command, match };
  }
  throw new Error('no command matched: the command list needs a fallback');
}

async function run(c: Command<any>, m: unknown, ctx: CommandContext): Promise<Routed> {
  try {
    const reply = c.writes
      ? await ctx.database.db.transaction(async (tx): Promise<CommandReply> => {
        const r = await c.handle(m, ctx.inTransaction(tx));
        await ctx.settleIn?.(tx);
        return r;
      })
      : await c.handle(m, ctx);
    return { command: c.name, reply };
  } catch (err) {
    // A UserError is an answer (a refusal, a bad code): its text goes to the user as it is.
    if (err instanceof UserError) return { command: c.name, reply: answer(err.message) };
    throw err;
  }
}

/** Builds a CommandReply the way reply() builds a Reply. */
export function answer(lines: string[] | string, extra: Omit<CommandReply, 'lines'> = {}): CommandReply {
  return { lines: Array.isArray(lines) ? lines : lines.split('\n'), ...extra };
}

import { sql } from 'drizzle-orm';
import { createDb, type Database } from '../../db/client.js';
import { databaseRefusal, UserError } from '../core/errors.js';
import { PLANBOT } from '../core/invocation.js';
import { parseCommandArgs } from './args.js';
import { redact, withDatabase, type CliIo } from './context.js';

const usage = `${PLANBOT} db copy --to <目标数据库地址>（源数据库为 --db 或 DATABASE_URL，默认内置数据库）`;

/** Every table of the schema, parents before children (foreign keys); the migrations table is the target's own. */
export const COPIED_TABLES = [
  'plans', 'departments', 'tasks', 'task_departments', 'chats', 'members', 'confirmations', 'inbound_messages',
  'outbox', 'reminder_announcements', 'scheduler_runs', 'calendar_days', 'audit_log', 'catalog_version',
] as const;

/** Rows sent in one statement. */
const BATCH = 500;

/**
 * `db copy --to postgres://…`: moves an office's data from one database to another, such as from the embedded
 * database a trial ran on to the PostgreSQL server it goes live on. The target is migrated, must hold no data of
 * its own, and is written in one transaction: every row with its id, then each id sequence set past the copied ids.
 */
export async function dbCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'copy') throw new UserError('USAGE', `用法：${usage}`);
  const { values, positionals } = parseCommandArgs(rest, { to: { type: 'string' } }, usage);
  if (positionals.length) throw new UserError('USAGE', `无法识别的参数 ${positionals.join(' ')}。用法：${usage}`);
  const to = values.to;
  if (!to || !/^(postgres(ql)?:\/\/|pglite:\/\/)/.test(to)) {
    throw new UserError('USAGE', `请用 --to 指定目标数据库，如 --to postgres://用户:密码@主机:5432/库名。用法：${usage}`);
  }
  return withDatabase(io, values.db, async (source, config) => {
    if (redact(config.DATABASE_URL) === redact(to)) throw new UserError('USAGE', '源数据库和目标数据库是同一个，无需复制。');
    let target: Database;
    try {
      target = await createDb(to);
    } catch (err) {
      throw databaseRefusal(redact(to), err) ?? err;
    }
    try {
      const counts = await copyDatabase(source, target);
      io.out(`已复制到 ${redact(to)}：${COPIED_TABLES.filter((t) => counts[t]).map((t) => `${TABLE_NAMES[t]} ${counts[t]}`).join('，')}。`);
      io.out(`请把 DATABASE_URL 改为新的数据库地址后再启动助手；原数据库未作改动，可保留作备份。`);
      return 0;
    } catch (err) {
      throw databaseRefusal(redact(to), err) ?? err;
    } finally {
      await target.close().catch(() => {});
    }
  });
}

/** Copies every table of `source` into the empty `target` in one transaction; returns the rows per table. */
export async function copyDatabase(source: Database, target: Database): Promise<Record<string, number>> {
  const held = await target.rows<{ n: number }>(sql`select
    (select count(*) from plans) + (select count(*) from chats) + (select count(*) from members)
    + (select count(*) from confirmations) + (select count(*) from inbound_messages) as n`);
  if (Number(held[0]?.n ?? 0) > 0) {
    throw new UserError('USAGE', '目标数据库中已有数据（计划、群、人员、确认或消息），为免覆盖，未复制。请指定一个新建的空数据库。');
  }
  const counts: Record<string, number> = {};
  await target.db.transaction(async (tx) => {
    for (const table of COPIED_TABLES) {
      const rows = await source.rows<Record<string, unknown>>(sql`select * from ${sql.identifier(table)}`);
      // The target's migrations made rows of their own here (the counter's one row): the source's replace them.
      await target.rows(sql`delete from ${sql.identifier(table)}`, tx);
      for (let i = 0; i < rows.length; i += BATCH) {
        const json = JSON.stringify(rows.slice(i, i + BATCH));
        await target.rows(sql`insert into ${sql.identifier(table)}
          select * from json_populate_recordset(null::${sql.identifier(table)}, ${json}::json)`, tx);
      }
      counts[table] = rows.length;
      const serial = await target.rows<{ seq: string | null }>(sql`
        select pg_get_serial_sequence(${table}, 'id') as seq
        where exists (select 1 from information_schema.columns where table_name = ${table} and column_name = 'id')`, tx);
      const seq = serial[0]?.seq;
      if (seq) {
        await target.rows(sql`select setval(${seq}, coalesce((select max(id) from ${sql.identifier(table)}), 0) + 1, false)`, tx);
      }
    }
  });
  return counts;
}

const TABLE_NAMES: Record<(typeof COPIED_TABLES)[number], string> = {
  plans: '计划', departments: '部门', tasks: '任务', task_departments: '任务的负责部门', chats: '群', members: '人员',
  confirmations: '确认记录', inbound_messages: '消息', outbox: '推送', reminder_announcements: '提醒记录',
  scheduler_runs: '定时任务记录', calendar_days: '放假安排', audit_log: '操作日志', catalog_version: '版本计数',
};

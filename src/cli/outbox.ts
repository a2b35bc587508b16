import { audit } from '../../db/repositories/audit.js';
import { countOutbox, listOutbox, outboxStatuses, requeueDead } from '../../db/repositories/outbox.js';
import { UserError } from '../core/errors.js';
import { pushKindNames, pushStatusNames } from '../outbox/labels.js';
import { localDayTime } from '../schedule/days.js';
import { parseCommandArgs } from './args.js';
import { withDatabase, type CliIo } from './context.js';
import { PLANBOT } from '../core/invocation.js';

const usage = `${PLANBOT} outbox [--json] [--limit 条数]；重发失败的推送：${PLANBOT} outbox retry [编号…]`;

/** `planbot outbox`: pending, sent and dead-lettered pushes (the latest --limit rows, default 1000). */
export async function outboxCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, limit: { type: 'string' } }, usage);
  if (positionals[0] === 'retry') return retry(positionals.slice(1), values, io);
  const limit = values.limit === undefined ? 1000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UserError('USAGE', `--limit 应为正整数，如 --limit 50（收到 “${values.limit}”）。`);
  if (positionals.length) throw new UserError('USAGE', `无法识别的参数 ${positionals.join(' ')}。用法：${usage}`);
  return withDatabase(io, values.db, async (database, config) => {
    const rows = await listOutbox(database.db, limit);
    if (values.json) {
      io.out(JSON.stringify(rows.map((r) => {
        const p = r.payload as { text?: string; tasks?: string[]; chatName?: string; department?: string | null };
        return {
          id: r.id, kind: r.kind, chat: r.chatName ?? p.chatName ?? null, department: p.department ?? null,
          platform: r.platform, status: r.status, attempts: r.attempts, tasks: p.tasks ?? [], text: p.text ?? '',
          created_at: r.createdAt.toISOString(), next_attempt_at: r.nextAttemptAt.toISOString(),
          sent_at: r.sentAt?.toISOString() ?? null, last_error: r.lastError,
        };
      }), null, 2));
      return 0;
    }
    const counts = await countOutbox(database.db);
    io.out(`发送队列：待发送 ${counts.pending}，发送中 ${counts.sending}，已发送 ${counts.sent}，发送失败 ${counts.dead}`);
    if (!rows.length) {
      io.out(`队列为空。提醒在工作日按设定的时间（默认 09:00）自动加入；也可用 ${PLANBOT} remind --at <时间> 手动加入。`);
      return 0;
    }
    const tz = config.PLANBOT_TIMEZONE;
    const when = (d: Date | null) => {
      if (!d) return '';
      const { day, time } = localDayTime(d, tz);
      return `${day.slice(5)} ${time}`;
    };
    const table = [['编号', '状态', '类型', '群', '任务', '加入时间', '发送时间', '说明']];
    for (const r of rows) {
      const p = r.payload as { tasks?: string[]; chatName?: string };
      const note = r.status === 'dead' || (r.status === 'pending' && r.attempts > 0)
        ? `第${r.attempts}次失败：${(r.lastError ?? '').slice(0, 40)}${r.status === 'pending' ? `，${when(r.nextAttemptAt)} 重试` : ''}`
        : '';
      table.push([String(r.id), pushStatusNames[r.status], pushKindNames[r.kind as keyof typeof pushKindNames] ?? r.kind,
        r.chatName ?? p.chatName ?? '', (p.tasks ?? []).join(','), when(r.createdAt), when(r.sentAt), note]);
    }
    for (const line of alignColumns(table)) io.out(line);
    if (counts.dead) io.out(`\n发送失败的推送可在排除原因（如机器人地址或密钥有误）后用 ${PLANBOT} outbox retry 重发。`);
    return 0;
  });
}

/** Display width: CJK and full-width characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ').trimEnd());
}

/**
 * `planbot outbox retry [id…]`: dead-lettered pushes back into the queue, all of them or the ones named,
 * for after the office fixed their cause (a wrong webhook key, a robot removed from its group). The worker
 * sends them on its next round. Named ids that are not dead are refused before anything changes.
 */
async function retry(idArgs: string[], values: { json?: boolean; db?: string }, io: CliIo): Promise<number> {
  const ids = idArgs.map((a) => Number(a.replace(/^#/, '')));
  const bad = idArgs.filter((_, i) => !Number.isInteger(ids[i]) || ids[i]! < 1);
  if (bad.length) throw new UserError('USAGE', `推送编号应为正整数（收到 “${bad.join('”、“')}”）。用法：${usage}`);
  return withDatabase(io, values.db, async (database) => {
    const requeued = await database.db.transaction(async (tx) => {
      if (ids.length) {
        const statuses = await outboxStatuses(tx, ids);
        const refused = ids.filter((id) => statuses.get(id) !== 'dead').map((id) => {
          const s = statuses.get(id);
          return s ? `编号 ${id} 的状态是“${pushStatusNames[s]}”，不需要重发` : `没有编号为 ${id} 的推送`;
        });
        if (refused.length) throw new UserError('BAD_REQUEST', `${refused.join('；')}。未做任何更改。`);
      }
      const done = await requeueDead(tx, ids.length ? ids : 'all', new Date());
      if (done.length) await audit(tx, { actor: 'cli', action: 'outbox.retry', details: { ids: done } });
      return done;
    });
    if (values.json) {
      io.out(JSON.stringify({ requeued }, null, 2));
    } else if (!requeued.length) {
      io.out('没有发送失败的推送，无需重发。');
    } else {
      io.out(`已将 ${requeued.length} 条发送失败的推送重新加入发送队列（编号 ${requeued.join('、')}），运行中的机器人会尽快发送。`);
    }
    return 0;
  });
}

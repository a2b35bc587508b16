import { localDayTime } from '../schedule/days.js';
import { pushKindNames } from '../outbox/labels.js';
import type { ReminderKind } from '../reminders/types.js';
import { PLANBOT } from '../core/invocation.js';

/**
 * Log lines for a person at a terminal (`npm start` on the office computer): the same pino records that a log
 * collector gets as JSON, each shown as one short Chinese line with the local time. LOG_FORMAT picks between
 * the two; by default a terminal gets these lines and anything else (Docker, systemd, a file) gets JSON.
 */

type Entry = Record<string, unknown> & { level?: number; time?: number; msg?: string };
/** One line for the entry, or null when a terminal reader does not need it (the banner already said it). */
type Describe = (e: Fields) => string | null;

interface Fields {
  get(name: string): unknown;
  text(name: string): string;
  /** The named field, an ISO instant or epoch ms, as local `11月30日 09:00`. */
  at(name: string): string;
  /** The same for a value at hand. */
  local(value: unknown): string;
  /** The `err` field (pino's serialized error or errorFields()) as `message（code）`. */
  err(): string;
}

const platformNames: Record<string, string> = { wecom: '企业微信', dingtalk: '钉钉', console: '本地对话页面' };
const rejectionNames: Record<string, string> = {
  MISSING_SIGNATURE: '缺少签名', BAD_SIGNATURE: '签名不对（可能是伪造的请求，或 Token / 密钥配置有误）',
  STALE_TIMESTAMP: '时间戳过期（请检查服务器时间）', RECEIVE_ID_MISMATCH: '接收方不匹配（请检查 WECOM_RECEIVE_ID）',
  DECRYPT_FAILED: '无法解密（请检查 WECOM_ENCODING_AES_KEY）', MALFORMED_BODY: '内容格式不对',
};

const platform = (f: Fields) => platformNames[f.text('platform')] ?? f.text('platform');
const sendFailure = (f: Fields) => {
  const r = f.get('result') as { kind?: string; errcode?: number; errmsg?: string; error?: string; message?: string; status?: number } | undefined;
  if (!r) return '';
  if (r.kind === 'network') return `：网络不通或对方没有响应（${r.message ?? ''}）`;
  if (r.errcode !== undefined) return `：平台返回错误 ${r.errcode}${r.errmsg ? `（${r.errmsg}）` : ''}`;
  return `：${r.error ?? (r.status ? `HTTP ${r.status}` : JSON.stringify(r))}`;
};

/** Every message the bot logs, by its (English, stable) pino `msg`. A test checks that none is missing. */
export const terminalMessages: Record<string, Describe> = {
  'database ready': (f) => `数据库已就绪：${f.text('database') === 'pglite' ? '内置数据库' : 'PostgreSQL'}（${f.text('where')}）`,
  'loaded the example plan and directory (examples/) into the empty embedded database':
    () => '数据库是空的，已载入示例工作计划和通讯录（examples/ 目录），可直接试用',
  'shutting down': () => null,
  'settings read from .env file': (f) => `已读取配置文件 ${f.text('file')}（环境变量中已设置的项以环境变量为准）`,
  'reminder scheduler started': (f) => {
    const next = (f.get('next') as string[] | undefined) ?? [];
    return next.length ? `定时提醒已开启，下次在 ${f.local(next[0])}` : '定时提醒已开启';
  },
  'reminders enqueued': (f) => {
    const inserted = Number(f.get('inserted') ?? 0);
    const skipped = Number(f.get('skipped') ?? 0);
    return `${f.at('fireAt')} 的提醒：新排入 ${inserted} 条待发送${skipped ? `，${skipped} 条此前已排入` : ''}`;
  },
  'scheduled fire ran': () => null,
  'caught up a fire missed while the bot was down': (f) => `补做了错过的定时提醒（原定 ${f.at('fireAt')}：当时助手未在运行，或此后改过提醒时间）`,
  'ran at first start the fire of today it started after': (f) => `首次启动：已执行最近一次（${f.at('fireAt')}）的定时提醒`,
  'late reminders held for working hours': (f) => `补做的提醒将于 ${f.at('until')} 发出（避开休息日和下班时间）`,
  'a scheduled fire was missed (the timer woke late); catching up': () => '定时提醒没有按时触发（电脑休眠或程序卡顿），现在补做',
  'late catch-up failed': (f) => `补做错过的定时提醒时出错，下次启动时再补：${f.err()}`,
  'scheduled fire failed; retrying': (f) => `定时提醒（${f.at('fireAt')}）出错，稍后重试：${f.err()}`,
  'scheduled fire failed; giving up until the next start':
    (f) => `定时提醒（${f.at('fireAt')}）多次出错，已暂停，下次启动时补做：${f.err()}`,
  'no platform receives messages: reminders only': () => '企业微信和钉钉都没有开启接收消息（WECOM_MODE、DINGTALK_MODE 均为 off）：群里 @助手 不会有回答，只会按通讯录推送提醒',
  'old history pruned': (f) => `已清理过期的历史记录：消息 ${f.text('inboundMessages')} 条，推送 ${f.text('outbox')} 条，提醒记录 ${f.text('reminderAnnouncements')} 条，定时任务记录 ${f.text('schedulerRuns')} 条`,
  'holiday calendar could not be read': (f) => `无法读取已导入的放假安排：${f.err()}`,
  'reminder catch-up failed; retrying': (f) => `补做错过的提醒时出错，稍后重试：${f.err()}`,
  'robot rate-limited; pausing it': (f) => `群机器人发送太频繁，被平台限流，这个群的推送暂停到 ${f.at('until')}`,
  'push dead-lettered': (f) => {
    const kind = pushKindNames[f.text('kind') as ReminderKind] ?? '推送';
    return `第 ${f.text('outboxId')} 条推送（${kind}）试了 ${f.text('attempts')} 次仍未送达，已停止重试：${f.text('error')}。`
      + `查明原因后可用 ${PLANBOT} outbox retry 重发`;
  },
  'push failed; will retry': (f) => {
    const kind = pushKindNames[f.text('kind') as ReminderKind] ?? '推送';
    return `第 ${f.text('outboxId')} 条推送（${kind}）第 ${f.text('attempts')} 次发送失败：${f.text('error')}。${f.at('retryAt')} 再试`;
  },
  'outbox worker recovered': () => '推送恢复正常',
  'outbox worker round failed; retrying': (f) => `发送推送时出错，稍后重试：${f.err()}`,
  'request errored': (f) => `处理请求时出错：${f.err()}`,
  'incoming request': (f) => {
    const req = f.get('req') as { method?: string; url?: string } | undefined;
    return `收到请求 ${req?.method ?? ''} ${req?.url ?? ''}`;
  },
  'request completed': (f) => {
    const res = f.get('res') as { statusCode?: number } | undefined;
    return `请求已答复 ${res?.statusCode ?? ''}（${Math.round(Number(f.get('responseTime') ?? 0))} 毫秒）`;
  },
  'background task failed': (f) => `回复消息时出错：${f.err()}`,
  'message handler failed': (f) => `处理${platform(f)}消息时出错：${f.err()}`,
  'chat message failed': (f) => `处理${platform(f)}消息时出错：${f.err()}`,
  'chat message not recorded': (f) => `${platform(f)}消息未能写入数据库：${f.err()}`,
  'chat message without ids ignored': (f) => `收到一条缺少编号的${platform(f)}消息，已忽略`,
  'duplicate message ignored': (f) => `${platform(f)}重复送来同一条消息，已忽略`,
  'failed message stays held until its redelivery': (f) => `${platform(f)}消息处理出错，等平台重发时再处理：${f.err()}`,
  'dingtalk callback rejected': (f) => `拒绝了一个钉钉回调：${rejectionNames[f.text('code')] ?? f.text('code')}`,
  'dingtalk message not handled: too many waiting; sender told to ask again':
    () => '钉钉消息太多，有一条没有处理，已请发送人稍后再发',
  'dingtalk message dropped: too many waiting, and too many busy notices to send':
    () => '钉钉消息太多，有一条没有处理，也没能通知发送人',
  'dingtalk answer dropped: callback had no sessionWebhook': () => '一条钉钉消息没有带回复地址（sessionWebhook），无法回复',
  'dingtalk sessionWebhook send failed': (f) => `钉钉回复没有发出${sendFailure(f)}`,
  'dingtalk sessionWebhook send failed; will retry': (f) => `钉钉回复这次没有发出，稍后重试${sendFailure(f)}`,
  'answered messages a stopped process had acknowledged but not answered':
    (f) => `补答了 ${f.text('answered')} 条${platform(f)}消息：程序上次停止前已收下、还没来得及回复`,
  'unanswered messages could not be looked for; trying again later': (f) => `查找未回复的${platform(f)}消息时出错，稍后重试：${f.err()}`,
  'dingtalk stream connected': () => '已连上钉钉（Stream 模式）',
  'dingtalk stream connect failed': (f) => `连接钉钉失败（Stream 模式），稍后重试：${f.err()}`,
  'dingtalk stream: credentials refused': (f) => `钉钉拒绝了连接（Stream 模式）：请检查 DINGTALK_APP_KEY 和 DINGTALK_APP_SECRET 是否与钉钉开发者后台一致；稍后会再试。（${f.err()}）`,
  'dingtalk stream closed; reconnecting': () => '与钉钉的连接断开了，正在重连',
  'dingtalk stream heartbeat lost': () => '钉钉连接没有心跳响应，断开后重连',
  'dingtalk stream socket error': (f) => `与钉钉的连接出错：${f.err()}`,
  'dingtalk stream frame dropped': (f) => `丢弃了一条无法处理的钉钉数据：${f.err()}`,
  'dingtalk stream ack failed': (f) => `向钉钉确认收到消息时出错：${f.err()}`,
  'dingtalk stream callback is not JSON': () => '收到一条格式不对的钉钉消息，已忽略',
  'dingtalk stream callback ignored': (f) => `收到一条无法识别的钉钉消息，已忽略：${f.text('reason')}`,
  'dingtalk stream callback failed': (f) => `处理一条钉钉消息时出错，已确认收到并跳过：${f.err()}`,
  'wecom callback rejected': (f) => `拒绝了一个企业微信回调：${rejectionNames[f.text('code')] ?? f.text('code')}`,
  'wecom event ignored': (f) => `企业微信事件 ${f.text('event')} 无需处理，已忽略`,
  'late answer dropped: callback had no response_url': () => '一条企业微信消息没有带回复地址（response_url），迟到的回答无法发出',
  'response_url send failed': (f) => `企业微信回复没有发出${sendFailure(f)}`,
  'wecom reply failed; answering with a message of its own': () => '企业微信回复没能发出（连接中断），连接恢复后单独发送这条回答',
  'wecom late answer failed': (f) => `企业微信长连接：一条回答没有发出${sendFailure(f)}`,
  'wecom reply failed': (f) => `企业微信回复可能没有送达：${f.err()}`,
  'wecom progress notice failed': () => '企业微信“正在查询”提示没有发出（连接中断），回答仍会发出',
  'wecom stream close failed': (f) => `企业微信回复没能结束：${f.err()}`,
  'wecom long connection authenticated': () => '已连上企业微信（长连接模式）',
  'wecom long connection closed': (f) => `与企业微信的长连接断开了${f.text('reason') ? `：${f.text('reason')}` : ''}`,
  'wecom long connection reconnecting': (f) => `正在重连企业微信（第 ${f.text('attempt')} 次）`,
  'wecom long connection error': (f) => `企业微信长连接出错：${f.err()}`,
  'wecom long connection: subscription refused, check WECOM_BOT_ID / WECOM_BOT_SECRET':
    () => '企业微信拒绝了连接，请检查 WECOM_BOT_ID 和 WECOM_BOT_SECRET；10 分钟后会再试一次',
  'wecom long connection: trying the subscription again': () => '再次尝试连接企业微信（长连接模式）',
  'wecom: another connection subscribed this bot; this one was closed and will not reconnect':
    () => '另一个程序用同一个机器人连上了企业微信，本程序的连接被关闭，不再重连；请只运行一个',
  'postgres.js wrote to a closed connection (database restarting); continuing': () => '数据库连接中断（数据库可能在重启），程序继续运行',
};

const levelLabels: Record<number, string> = { 10: '跟踪', 20: '调试', 40: '注意', 50: '错误', 60: '严重错误' };
const HIDDEN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId']);

/** One pino record (a JSON line) as the line a person at a terminal reads, or null for none. */
export function terminalLine(json: string, timeZone: string): string | null {
  let entry: Entry;
  try {
    entry = JSON.parse(json) as Entry;
  } catch {
    return json.trimEnd(); // not a record: pass it on as it came
  }
  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  // Fastify's own start line: the banner printed after start-up gives the address in Chinese.
  if (msg.startsWith('Server listening at')) return null;
  const fields = fieldsOf(entry, timeZone);
  const describe = terminalMessages[msg];
  let text: string | null;
  if (describe) text = describe(fields);
  else text = fallback(entry, msg); // a message from a library, or one already in Chinese
  if (text === null) return null;
  const level = levelLabels[entry.level ?? 30];
  const when = typeof entry.time === 'number' ? clock(new Date(entry.time), timeZone) : '';
  return `${when} ${level ? `${level}：` : ''}${text}`.trim();
}

/** A pino destination writing terminal lines to `out` (stdout by default). */
export function terminalLogStream(timeZone: string, out: { write(s: string): unknown } = process.stdout) {
  return {
    write(chunk: string): void {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        const text = terminalLine(line, timeZone);
        if (text !== null) out.write(`${text}\n`);
      }
    },
  };
}

function fieldsOf(entry: Entry, timeZone: string): Fields {
  return {
    get: (name) => entry[name],
    text: (name) => (entry[name] === undefined || entry[name] === null ? '' : String(entry[name])),
    at: (name) => localAt(entry[name], timeZone),
    local: (value) => localAt(value, timeZone),
    err: () => {
      const e = entry.err as { message?: string; code?: string } | undefined;
      if (!e) return '原因不明';
      return `${e.message ?? ''}${e.code ? `（${e.code}）` : ''}`;
    },
  };
}

function fallback(entry: Entry, msg: string): string {
  const rest = Object.entries(entry).filter(([k]) => !HIDDEN_FIELDS.has(k));
  return rest.length ? `${msg} ${JSON.stringify(Object.fromEntries(rest))}` : msg;
}

function localAt(value: unknown, timeZone: string): string {
  const d = typeof value === 'number' || typeof value === 'string' ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) return String(value ?? '');
  const { day, time } = localDayTime(d, timeZone);
  const [, m, dd] = day.split('-').map(Number);
  return `${m}月${dd}日 ${time}`;
}

function clock(d: Date, timeZone: string): string {
  const { time } = localDayTime(d, timeZone);
  return `[${time}]`;
}

import { ConfigError, consoleEnabled, loadConfig, textLogs } from '../config/index.js';
import { createDb, reopenedEmbedded } from '../db/client.js';
import { buildApp } from './app.js';
import { loadExamplesIfEmpty } from './bootstrap/load-examples.js';
import { createMessageHandler } from './core/handle-message.js';
import type { PlatformAdapter } from './core/platform.js';
import pino from 'pino';
import {
  createDingtalkOutboxSender, createPlatformAdapters, createWecomOutboxSender, type WecomWebsocketAdapter,
} from './platforms/index.js';
import { startReminders } from './reminders/start-reminders.js';
import { createMetrics } from './observability/metrics.js';
import { createConsoleAdapter } from './platforms/console/adapter.js';
import { consoleParticipants, recentPushes } from './platforms/console/participants.js';
import { redact } from './cli/context.js';
import { databaseRefusal, isConnectionError, UserError } from './core/errors.js';
import { isPostgresJsClosedSocketWrite } from './observability/known-driver-faults.js';
import { terminalLogStream } from './observability/terminal-log.js';
import { withDotEnv } from '../config/dotenv.js';

/** What / says when the console is off (the IT admin opening the address to check the deployment). */
const CONSOLE_OFF = '工会计划助手正在运行。本地对话页面未开启：它不需要登录、可代任何部门确认，'
  + '因此只在仅本机可访问（HOST 为 127.0.0.1）时默认开启。如确需在内网使用，请设置 PLANBOT_CONSOLE=on，并确保只有工会办公室能访问。\n';

/** Process concerns only: config, database, listen, graceful shutdown. The app itself is built in app.ts. */
export async function startServer(
  env: Record<string, string | undefined> = process.env,
  opts: { now?: () => Date; logOutput?: { write(s: string): unknown; isTTY?: boolean } } = {},
) {
  const config = loadConfig(env);
  const out = opts.logOutput ?? process.stdout;
  const pinoOptions = {
    level: config.LOG_LEVEL,
    // Never log query strings: WeCom puts msg_signature and echostr there, push URLs carry keys.
    serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }) },
  };
  // JSON goes to pino's own destination (file descriptor 1, written as pino does): process.stdout on a pipe
  // buffers in memory whatever the reader has not taken yet.
  const logger = textLogs(config, Boolean(out.isTTY)) ? pino(pinoOptions, terminalLogStream(config.PLANBOT_TIMEZONE, out))
    : opts.logOutput ? pino(pinoOptions, opts.logOutput) : pino(pinoOptions);
  let database = await createDb(config.DATABASE_URL);
  const loaded = await loadExamplesIfEmpty(database);
  if (loaded) database = await reopenedEmbedded(database, config.DATABASE_URL);
  const metrics = createMetrics();
  const handle = createMessageHandler({
    database, admins: config.PLANBOT_ADMINS, timeZone: config.PLANBOT_TIMEZONE, now: opts.now, logger,
    onTurn: (turn) => metrics.commands.inc({ intent: turn.intent }),
  });
  const withConsole = consoleEnabled(config);
  const adapters: PlatformAdapter[] = [
    ...(withConsole ? [createConsoleAdapter({
      handle,
      listParticipants: () => consoleParticipants(database),
      listPushes: () => recentPushes(database),
    })] : []),
    ...createPlatformAdapters({ config, handle, logger }),
  ];
  const app = await buildApp({ config, database, adapters, logger, metrics });
  if (!withConsole) {
    app.get('/', async (_req, res) => res.type('text/plain; charset=utf-8').send(CONSOLE_OFF));
  }
  const wecomSocket = adapters.find((a): a is WecomWebsocketAdapter => 'sendMarkdown' in a);
  let reminders: ReturnType<typeof startReminders> | undefined;
  // Shutdown order: stop taking messages, finish in-flight replies and deliveries, then close the database.
  app.addHook('onClose', async () => {
    for (const a of adapters) await a.stop?.();
    await reminders?.stop();
    // Handled marks still waiting (a turn's mark rides with a later statement): without them, the messages
    // answered just before the stop would be answered again after the restart (see the resume sweep).
    await handle.flush?.().catch(() => {});
    await database.close();
  });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    // A start that fails (the port is taken) must not send reminders on its way out, nor keep the database.
    await app.close().catch(() => {});
    throw new ListenError(config.HOST, config.PORT, err);
  }
  app.log.info({ database: database.kind, where: redact(database.where) }, 'database ready');
  if (loaded) app.log.info('loaded the example plan and directory (examples/) into the empty embedded database');
  if (config.WECOM_MODE === 'off' && config.DINGTALK_MODE === 'off') {
    app.log.warn({ wecom: 'off', dingtalk: 'off' }, 'no platform receives messages: reminders only');
  }
  reminders = startReminders({
    database, config, logger, metrics,
    senders: {
      wecom: createWecomOutboxSender({ config, websocket: wecomSocket }),
      dingtalk: createDingtalkOutboxSender({ config }),
    },
    clock: opts.now,
  });
  for (const a of adapters) await a.start?.();
  return app;
}

/** The server could not listen where HOST and PORT say: what to change, in Chinese. */
export class ListenError extends Error {
  override name = 'ListenError';
  constructor(host: string, port: number, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code ?? '';
    const where = `${host}:${port}`;
    super(
      code === 'EADDRINUSE' ? `端口 ${port} 已被占用。请关闭占用该端口的程序，或设置 PORT 换一个端口。`
        : code === 'EACCES' ? `没有权限监听端口 ${port}（1024 以下的端口需要管理员权限）。请设置 PORT 换一个端口，例如 3000。`
          : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `无法识别监听地址 HOST=${host}。请检查拼写，或设为 127.0.0.1（仅本机访问）、0.0.0.0（所有网卡）。`
            : code === 'EADDRNOTAVAIL' ? `本机没有地址 ${host}（HOST）。请改为本机的一个 IP 地址，或设为 0.0.0.0（所有网卡）。`
              : `无法在 ${where} 上监听（${code || (cause as Error)?.message}）。请检查 HOST 和 PORT。`,
      { cause },
    );
  }
}

/** Starts the server for a process: a friendly banner, signal handling, and Chinese start-up errors. */
export async function runServerProcess(processEnv: Record<string, string | undefined> = process.env): Promise<void> {
  let dotEnv: ReturnType<typeof withDotEnv>;
  try {
    dotEnv = withDotEnv(processEnv);
  } catch (err) {
    process.stderr.write(`启动失败：${(err as Error).message}\n`);
    process.exit(1);
  }
  const { env } = dotEnv;
  let app: Awaited<ReturnType<typeof startServer>> | undefined;
  // A known postgres.js fault during a database restart is logged and survived; anything else ends the process.
  process.on('uncaughtException', (err) => {
    if (isPostgresJsClosedSocketWrite(err)) {
      const msg = 'postgres.js wrote to a closed connection (database restarting); continuing';
      if (app) app.log.warn(msg);
      else process.stderr.write(`${JSON.stringify({ level: 40, msg })}\n`);
      return;
    }
    process.stderr.write(`内部错误，程序退出：${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
  });
  // A stop asked for while starting (docker stop right after docker start) is carried out once started, gracefully.
  // A start that hangs (a database that does not answer) still stops: at a second signal, or 10 s after the first.
  let stopWith: ((signal: string) => Promise<void>) | undefined;
  let stopAsked: string | undefined;
  let giveUp: NodeJS.Timeout | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopWith) return void stopWith(signal);
      if (stopAsked) process.exit(1);
      stopAsked = signal;
      giveUp = setTimeout(() => process.exit(1), 10_000).unref();
    });
  }
  try {
    const server = await startServer(env);
    app = server;
    if (dotEnv.file) server.log.info({ file: dotEnv.file }, 'settings read from .env file');
    const { port, address } = server.server.address() as { port: number; address: string };
    const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
    // Words for a person at a terminal; with the output going to a log collector, only the JSON log lines.
    const say = (text: string) => { if (process.stdout.isTTY) process.stdout.write(text); };
    say(consoleEnabled(loadConfig(env))
      ? `\n工会计划助手已启动：在浏览器打开 http://${host}:${port}/ 即可对话。按 Ctrl+C 停止。\n\n`
      : `\n工会计划助手已启动，监听 ${address}:${port}（本地对话页面未开启，见 PLANBOT_CONSOLE）。按 Ctrl+C 停止。\n\n`);
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      server.log.info({ signal }, 'shutting down');
      say('\n正在停止工会计划助手（先处理完正在回复的消息）…\n');
      const timer = setTimeout(() => process.exit(1), 10_000).unref();
      await server.close();
      clearTimeout(timer);
      say('已停止。\n');
      process.exit(0);
    };
    stopWith = shutdown;
    clearTimeout(giveUp);
    if (stopAsked) void shutdown(stopAsked);
  } catch (err) {
    let refusal;
    if (err instanceof ConfigError) process.stderr.write(err.message + '\n');
    else if (err instanceof ListenError) process.stderr.write(`启动失败：${err.message}\n`);
    else if (err instanceof UserError) process.stderr.write(`启动失败：${err.message}\n`);
    else if (isConnectionError(err)) process.stderr.write(`启动失败：无法连接数据库（${redact(env.DATABASE_URL ?? '')}）。请检查 DATABASE_URL 和数据库服务是否已启动。\n`);
    else if ((refusal = databaseRefusal(redact(env.DATABASE_URL ?? ''), err))) process.stderr.write(`启动失败：${refusal.message}\n`);
    else process.stderr.write(`启动失败：${(err as Error).message}\n`);
    process.exit(1);
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) await runServerProcess();

import { z } from 'zod';

/** Where the database lives when DATABASE_URL is not set: embedded PGlite in ./data/pglite. */
export const DEFAULT_DATABASE_URL = 'pglite';

// 0 asks the OS for a free port (tests, benchmarks).
const port = z.coerce.number().int().min(0).max(65535);
const url = z.string().url();
const mode = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** Every setting of the process (design §9). Names are kept exactly. */
export const configSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .refine(validDatabaseUrl, { message: 'must be postgres://…, pglite:///dir, pglite://memory or pglite' })
      .transform((v) => v || DEFAULT_DATABASE_URL),
    // The local chat console at / (design: a newcomer's way in). It acts as an admin and has no login, so by
    // default it is on only when the server listens on this machine alone (see consoleEnabled).
    PLANBOT_CONSOLE: z.enum(['auto', 'on', 'off']).default('auto'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // How logs are written: JSON lines for collectors, or short Chinese lines for a person at a terminal;
    // auto picks the lines when standard output is a terminal (npm start) and JSON otherwise (Docker, systemd).
    LOG_FORMAT: z.enum(['auto', 'json', 'text']).default('auto'),
    PLANBOT_TIMEZONE: z
      .string()
      .default('Asia/Shanghai')
      .refine(isTimeZone, { message: 'unknown IANA time zone' }),
    PLANBOT_ADMINS: z
      .string()
      .default('')
      .transform((v) => v.split(/[,，\s]+/).filter(Boolean))
      .refine((list) => list.every((a) => /^(wecom|dingtalk|console):.+$/.test(a)), {
        message: 'each entry must be platform:userid',
      }),
    // When reminders go out (design §5: defaults, all configurable), in PLANBOT_TIMEZONE.
    PLANBOT_KICKOFF_TIME: hhmm.default('09:00'),
    PLANBOT_NUDGE_TIME: hhmm.default('09:00'),
    PLANBOT_NUDGE_WORKDAYS: z.coerce.number().int().min(1).max(20).default(5),
    PLANBOT_OVERDUE_TIME: hhmm.default('09:00'),
    PLANBOT_DIGEST_TIME: hhmm.default('09:00'),
    PLANBOT_DIGEST_WEEKDAY: z.coerce.number().int().min(1).max(7).default(1),
    WECOM_MODE: mode(['off', 'callback', 'websocket'] as const).default('off'),
    WECOM_TOKEN: z.string().default(''),
    WECOM_ENCODING_AES_KEY: z
      .string()
      .default('')
      .refine((v) => v === '' || /^[A-Za-z0-9]{43}$/.test(v), { message: 'must be 43 letters and digits' }),
    WECOM_RECEIVE_ID: z.string().default(''),
    WECOM_BOT_ID: z.string().default(''),
    WECOM_BOT_SECRET: z.string().default(''),
    WECOM_API_BASE: url.default('https://qyapi.weixin.qq.com'),
    WECOM_WS_URL: url.default('wss://openws.work.weixin.qq.com'),
    DINGTALK_MODE: mode(['off', 'http', 'stream'] as const).default('off'),
    DINGTALK_APP_KEY: z.string().default(''),
    DINGTALK_APP_SECRET: z.string().default(''),
    DINGTALK_ROBOT_CODE: z.string().default(''),
    DINGTALK_OAPI_BASE: url.default('https://oapi.dingtalk.com'),
    DINGTALK_API_BASE: url.default('https://api.dingtalk.com'),
  })
  .superRefine((c, ctx) => {
    const need = (cond: boolean, keys: (keyof typeof c)[], why: string) => {
      if (!cond) return;
      for (const k of keys) if (!c[k]) ctx.addIssue({ code: 'custom', path: [k], message: `required when ${why}` });
    };
    need(c.WECOM_MODE === 'callback', ['WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'], 'WECOM_MODE=callback');
    need(c.WECOM_MODE === 'websocket', ['WECOM_BOT_ID', 'WECOM_BOT_SECRET'], 'WECOM_MODE=websocket');
    need(c.DINGTALK_MODE !== 'off', ['DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET'], `DINGTALK_MODE=${c.DINGTALK_MODE}`);
  });

export type Config = z.infer<typeof configSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Chinese explanations of each kind of problem, so start-up errors read well for an IT admin. */
const hints: Partial<Record<keyof Config, string>> = {
  PORT: '应为 0–65535 之间的端口号，例如 3000',
  DATABASE_URL: '应为 postgres://用户:密码@主机:5432/库名，或 pglite:///绝对路径（三个斜杠）、pglite://memory；不设置则使用内置数据库 ./data/pglite。'
    + '用户名或密码中的 # @ / : ? % 请分别写成 %23 %40 %2F %3A %3F %25',
  LOG_LEVEL: '可选 fatal、error、warn、info、debug、trace、silent',
  LOG_FORMAT: '可选 auto（在终端里显示中文日志，否则输出 JSON）、json、text',
  PLANBOT_TIMEZONE: '应为时区名称，例如 Asia/Shanghai',
  PLANBOT_ADMINS: '应为逗号分隔的“平台:用户ID”，例如 wecom:zhangsan,dingtalk:manager123',
  PLANBOT_KICKOFF_TIME: '应为 24 小时制的“时:分”，例如 09:00',
  PLANBOT_NUDGE_TIME: '应为 24 小时制的“时:分”，例如 09:00',
  PLANBOT_NUDGE_WORKDAYS: '应为 1–20 之间的整数：截止前几个工作日提醒，例如 5',
  PLANBOT_OVERDUE_TIME: '应为 24 小时制的“时:分”，例如 09:00',
  PLANBOT_DIGEST_TIME: '应为 24 小时制的“时:分”，例如 09:00',
  PLANBOT_DIGEST_WEEKDAY: '应为 1–7 的整数：1 表示周一，7 表示周日',
  WECOM_MODE: '可选 off、callback、websocket',
  WECOM_ENCODING_AES_KEY: '应为企业微信后台生成的 43 位 EncodingAESKey',
  DINGTALK_MODE: '可选 off、http、stream',
};

/** Whether logs are written as Chinese lines for a terminal (LOG_FORMAT=text, or auto on a terminal) rather than JSON. */
export function textLogs(config: Pick<Config, 'LOG_FORMAT'>, stdoutIsTerminal: boolean): boolean {
  return config.LOG_FORMAT === 'text' || (config.LOG_FORMAT === 'auto' && stdoutIsTerminal);
}

/** Whether to serve the local chat console: PLANBOT_CONSOLE=on/off, or by default only on a loopback HOST. */
export function consoleEnabled(config: Pick<Config, 'PLANBOT_CONSOLE' | 'HOST'>): boolean {
  if (config.PLANBOT_CONSOLE !== 'auto') return config.PLANBOT_CONSOLE === 'on';
  return /^(127(\.\d{1,3}){3}|localhost|::1|\[::1\])$/i.test(config.HOST);
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      '配置有误：\n' +
        problems.map((p) => `  - 环境变量 ${p.variable}：${p.message}`).join('\n') +
        '\n请修改上述环境变量（或 .env 文件）后再运行。',
    );
    this.name = 'ConfigError';
  }
}

/**
 * A database address the drivers can use: a postgres:// URL that parses (a password with # or @ must be written
 * %23 / %40), an absolute pglite:/// folder (pglite://tmp/x would land under whatever folder the bot starts in),
 * pglite://memory, or pglite.
 */
function validDatabaseUrl(v: string): boolean {
  if (v === '' || v === 'pglite' || v === 'pglite://' || v === 'pglite://memory') return true;
  if (v.startsWith('pglite://')) return v.startsWith('pglite:///');
  if (!/^(postgres|postgresql):\/\//.test(v)) return false;
  try {
    // postgres:///planbot?host=/var/run/postgresql (a Unix socket) has no host name, and is fine.
    return Boolean(new URL(v));
  } catch {
    return false;
  }
}

/** Parses the environment once at start-up; nothing else reads process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '配置');
    const required = issue.message.startsWith('required when ');
    const message = required
      ? `在 ${issue.message.slice('required when '.length)} 时必须设置`
      : `取值无效（${describeValue(variable, env[variable])}）。${hints[variable as keyof Config] ?? '请检查取值'}`;
    return { variable, message };
  });
  throw new ConfigError(problems);
}

const shownValues = new Set(['PORT', 'HOST', 'PLANBOT_CONSOLE', 'LOG_LEVEL', 'LOG_FORMAT', 'PLANBOT_TIMEZONE', 'WECOM_MODE', 'DINGTALK_MODE',
  'PLANBOT_KICKOFF_TIME', 'PLANBOT_NUDGE_TIME', 'PLANBOT_NUDGE_WORKDAYS', 'PLANBOT_OVERDUE_TIME', 'PLANBOT_DIGEST_TIME',
  'PLANBOT_DIGEST_WEEKDAY',
  'WECOM_API_BASE', 'WECOM_WS_URL', 'DINGTALK_OAPI_BASE', 'DINGTALK_API_BASE']);

// Other values may be secrets (tokens, keys, passwords in DATABASE_URL): show only their length.
function describeValue(variable: string, v: string | undefined): string {
  if (v === undefined) return '未设置';
  return shownValues.has(variable) ? `当前为 “${v}”` : `长度 ${v.length}`;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decrypt as officialDecrypt } from '@wecom/crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { HEADER_ROW, LEDGER_HEADERS } from '../../src/cli/export.js';
import { createMessageHandler } from '../../src/core/handle-message.js';
import { directorySchema, importDirectory } from '../../src/directory/import-directory.js';
import { createSender } from '../../src/outbox/senders.js';
import { createOutboxWorker } from '../../src/outbox/worker.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import {
  createDingtalkOutboxSender, createPlatformAdapters, createWecomOutboxSender, type AdapterWithIdle,
} from '../../src/platforms/index.js';
import { fireReminders } from '../../src/reminders/fire.js';
import { reminderSettings } from '../../src/reminders/settings.js';
import { addDays, instantAt } from '../../src/schedule/days.js';
import { planbot } from '../helpers/cli.js';
import { freshDatabase, onServer } from '../helpers/db.js';
import { hasShared, sharedDir } from '../helpers/shared.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-fake.js';
import { dingtalkHeaders, WECOM_TEST, wecomEnvelope } from '../fakes/sign-requests.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-fake.js';
import { startApp } from '../platforms/app-harness.js';

/**
 * The whole loop over July 2026 with the seed plan: kick-off pushed to the department groups through the
 * real platform senders (fake WeCom and DingTalk servers), two departments confirm by quoting the kick-off
 * through the real signed/encrypted webhooks, and the nudge and overdue notices then go only to the one that
 * did not. M7Z2 职工互助保障、会员服务卡参保 (7月、12月) is for 局工会, 机关工会 and 执法总队工会.
 * Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
const SEED = path.join(sharedDir, 'seeds', '001_a870d388baf7d0b6.txt');
const settings = reminderSettings({ timeZone: 'Asia/Shanghai' });

let wecom: FakeWecom;
let ding: FakeDingtalk;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let srv: Awaited<ReturnType<typeof startApp>>;
let adapters: AdapterWithIdle[];
let simNow = instantAt('2026-07-01', '09:00');
let tick: () => Promise<void>;

/** What a fake platform received on a push robot, as text. */
const pushedTo = (robot: 'KEY_OFFICE' | 'KEY_ZONGDUI' | 'T_JIGUAN') => robot.startsWith('KEY')
  ? wecom.received.filter((r) => r.path === '/cgi-bin/webhook/send' && r.query.key === robot)
    .map((r) => (r.body as { text: { content: string } }).text.content)
  : ding.received.filter((r) => r.path === '/robot/send' && r.query.access_token === robot)
    .map((r) => (r.body as { text: { content: string } }).text.content);
const headed = (texts: string[], head: string) => texts.filter((t) => t.startsWith(head));

describe.skipIf(!hasShared)(`July with the 2026 seed plan, end to end (${onServer ? 'PostgreSQL' : 'PGlite'})`, () => {
  beforeAll(async () => {
    [wecom, database] = await Promise.all([startFakeWecom({ keys: ['KEY_OFFICE', 'KEY_ZONGDUI'] }), freshDatabase()]);
    ding = await startFakeDingtalk({ robots: { T_JIGUAN: 'SECjiguan' } });
    await importPlan(SEED, { database });
    await importDirectory(database, directorySchema.parse({
      chats: [
        { platform: 'wecom', id: 'wrkOffice', name: '局工会办公室群', department: '局工会', office: true,
          push: { webhook: `${wecom.url}/cgi-bin/webhook/send?key=KEY_OFFICE` } },
        { platform: 'dingtalk', id: 'cidJiguan==', name: '机关工会群', department: '机关工会',
          push: { webhook: `${ding.url}/robot/send?access_token=T_JIGUAN`, secret: 'SECjiguan' } },
        { platform: 'wecom', id: 'wrkZongdui', name: '执法总队工会群', department: '执法总队工会',
          push: { webhook: `${wecom.url}/cgi-bin/webhook/send?key=KEY_ZONGDUI` } },
      ],
      members: [
        { platform: 'wecom', id: 'gh_head', name: '局工会王主席', department: '局工会', role: 'head' },
        { platform: 'dingtalk', id: 'jg_head', name: '机关赵主席', department: '机关工会', role: 'head' },
        { platform: 'wecom', id: 'zd_head', name: '总队钱主席', department: '执法总队工会', role: 'head' },
      ],
    }));
    const config = loadConfig({
      WECOM_MODE: 'callback', WECOM_TOKEN: WECOM_TEST.token, WECOM_ENCODING_AES_KEY: WECOM_TEST.encodingAesKey,
      WECOM_API_BASE: wecom.url, DINGTALK_MODE: 'http', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: 'testAppSecret',
      DINGTALK_OAPI_BASE: ding.url,
    });
    // The chat core runs on the simulated day; transports and delivery keep wall time (signatures, the outbox).
    const handle = createMessageHandler({ database, now: () => simNow });
    adapters = createPlatformAdapters({ config, handle, deadlineMs: 15_000 }) as AdapterWithIdle[];
    srv = await startApp(config, database, adapters);
    const worker = createOutboxWorker({
      database, clock: () => new Date(Date.now() + 1_000),
      send: createSender({ wecom: createWecomOutboxSender({ config }), dingtalk: createDingtalkOutboxSender({ config }) }),
    });
    tick = async () => { while (await worker.tick()); };
  });
  afterAll(async () => {
    await srv?.close();
    await Promise.all([wecom?.close(), ding?.close()]);
    await database?.close();
  });

  /** Every day's 09:00 fire from `from` to `to` inclusive, each delivered at once. */
  async function days(from: string, to: string) {
    for (let d = from; d <= to; d = addDays(d, 1)) {
      simNow = instantAt(d, '09:00');
      await fireReminders(database, simNow, { settings });
      await tick();
    }
  }

  it('1 July: the kick-off of M7Z2 reaches each department’s group, as text carrying the code', async () => {
    await days('2026-07-01', '2026-07-09');
    for (const robot of ['KEY_OFFICE', 'KEY_ZONGDUI', 'T_JIGUAN'] as const) {
      const kickoffs = headed(pushedTo(robot), '【任务开始】');
      expect(kickoffs, robot).toHaveLength(1);
      expect(kickoffs[0]).toContain('M7Z2 职工互助保障、会员服务卡参保');
    }
    expect(headed(pushedTo('KEY_ZONGDUI'), '【临近截止】')).toEqual([]);
  });

  it('10 July: 局工会 (WeCom quote) and 机关工会 (DingTalk repliedMsg) confirm by quoting the kick-off', async () => {
    simNow = instantAt('2026-07-10', '10:00');
    const officeKickoff = headed(pushedTo('KEY_OFFICE'), '【任务开始】')[0]!;
    const e = wecomEnvelope({
      msgid: 'JULY-W1', aibotid: 'AIBOTID', chatid: 'wrkOffice', chattype: 'group', from: { userid: 'gh_head' },
      response_url: `${wecom.url}/cgi-bin/aibot/response?response_code=JULY-W1`, msgtype: 'text',
      text: { content: '@工会助手 已办结，参保312人' }, quote: { msgtype: 'text', text: { content: officeKickoff } },
    });
    const res = await fetch(`${srv.base}/webhooks/wecom?${e.query}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(e.body),
    });
    const env = (await res.json()) as { encrypt: string };
    const officeReply = JSON.parse(officialDecrypt(WECOM_TEST.encodingAesKey, env.encrypt).message).stream.content as string;
    expect(officeReply).toContain('已记录：局工会 完成 M7Z2');

    const jiguanKickoff = headed(pushedTo('T_JIGUAN'), '【任务开始】')[0]!;
    const body = {
      conversationId: 'cidJiguan==', conversationType: '2', conversationTitle: '机关工会群', msgId: 'JULY-D1', msgtype: 'text',
      senderStaffId: 'jg_head', senderNick: '机关赵主席', senderId: '$:LWCP_v1:$jg', isInAtList: true, robotCode: 'dingrobotcode',
      chatbotUserId: '$:LWCP_v1:$bot', createAt: Date.now(), sessionWebhookExpiredTime: Date.now() + 5_400_000,
      sessionWebhook: `${ding.url}/robot/sendBySession?session=JULY-D1`,
      text: { content: ' 已完成 慰问120人', isReplyMsg: true, repliedMsg: {
        msgId: 'msgKICKOFF==', msgType: 'text', senderId: '$:LWCP_v1:$bot', createdAt: Date.now(), content: { content: jiguanKickoff } } },
    };
    const post = () => fetch(`${srv.base}/webhooks/dingtalk`, {
      method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...dingtalkHeaders(Date.now()) },
      body: JSON.stringify(body),
    });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200); // a redelivery: absorbed
    await Promise.all(adapters.map((a) => a.idle()));
    const answers = ding.received.filter((r) => r.query.session === 'JULY-D1').map((r) => JSON.stringify(r.body));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('已记录：机关工会 完成 M7Z2');
  });

  it('the nudge and the overdue notice go only to 执法总队工会, which did not confirm', async () => {
    await days('2026-07-11', '2026-08-03');
    const zongdui = pushedTo('KEY_ZONGDUI');
    expect(headed(zongdui, '【临近截止】')).toHaveLength(1);
    expect(headed(zongdui, '【临近截止】')[0]).toContain('M7Z2');
    expect(headed(zongdui, '【已逾期】')).toHaveLength(1);
    expect(headed(zongdui, '【已逾期】')[0]).toContain('M7Z2');
    for (const robot of ['KEY_OFFICE', 'T_JIGUAN'] as const) {
      expect(headed(pushedTo(robot), '【临近截止】'), robot).toEqual([]);
      expect(headed(pushedTo(robot), '【已逾期】'), robot).toEqual([]);
    }
    // The office gets the overdue digest naming only the department that has not confirmed.
    const digest = headed(pushedTo('KEY_OFFICE'), '【逾期汇总】');
    expect(digest).toHaveLength(1);
    expect(digest[0]).toContain('M7Z2');
    expect(digest[0]).toMatch(/未确认：执法总队工会\n/);
    expect(pushedTo('KEY_OFFICE').some((t) => t.startsWith('【每周进度】'))).toBe(true);
  });

  it('planbot progress and the exported ledger agree: two done with figures, one overdue', async () => {
    const progress = await planbot(['progress', '--month', '2026-07', '--today', '2026-08-03', '--json'], { database });
    expect(progress.code).toBe(0);
    const p = JSON.parse(progress.stdout) as { departments: { department: string; done: string[]; overdue: string[] }[] };
    expect(p.departments.find((d) => d.department === '执法总队工会')).toMatchObject({ done: [], overdue: ['M7Z2'] });
    expect(p.departments.find((d) => d.department === '机关工会')).toMatchObject({ done: ['M7Z2'], overdue: [] });

    const text = await planbot(['progress', '--month', '2026-07', '--today', '2026-08-03'], { database });
    expect(text.stdout).toContain('执法总队工会：完成 0/1｜逾期 1：M7Z2');
    expect(text.stdout).toContain('机关工会：完成 1/1 ✓');

    const dir = await mkdtemp(path.join(tmpdir(), 'planbot-export-'));
    try {
      const file = path.join(dir, '2026年台账.xlsx');
      const run = await planbot(['export', '--year', '2026', '--out', file, '--today', '2026-08-03'], { database });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const sheet = wb.worksheets[0]!;
      const rows = sheet.getSheetValues().slice(HEADER_ROW).map((r) => (r as ExcelJS.CellValue[]).slice(1).map((v) => (v ?? '') as string | number));
      expect(rows[0]).toEqual(LEDGER_HEADERS);
      const m7 = rows.filter((r) => r[0] === 'M7Z2');
      expect(m7.map((r) => [r[2], r[3], r[4], r[5]])).toEqual([
        ['7月', '局工会', '牵头', '已完成'], ['7月', '机关工会', '配合', '已完成'], ['7月', '执法总队工会', '配合', '逾期未完成'],
        ['12月', '局工会', '牵头', '未开始'], ['12月', '机关工会', '配合', '未开始'], ['12月', '执法总队工会', '配合', '未开始'],
      ]);
      expect(m7[0]!.slice(6)).toEqual(['局工会王主席', '2026-07-10 10:00', '参保312人', '312人']);
      expect(m7[1]!.slice(6)).toEqual(['机关赵主席', '2026-07-10 10:00', '慰问120人', '120人']);
      // Every task of the plan is in the ledger; one the plan gives no department is the office's to confirm.
      const codes = new Set(rows.slice(1).map((r) => r[0]));
      expect(codes.size).toBe(14);
      expect(rows.find((r) => r[0] === 'R2N5')!.slice(3, 6)).toEqual(['局工会', '牵头', '逾期未完成']);
      const figures = wb.getWorksheet('数据汇总')!;
      expect(figures.getRow(HEADER_ROW + 1).values).toEqual([undefined, '局工会', '人', 312, 1, expect.stringMatching(/^M7Z2 \S+$/), '参保']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the CLI refuses bad export and progress arguments in Chinese', async () => {
    const noYear = await planbot(['export', '--out', 'x.xlsx'], { database });
    expect(noYear).toMatchObject({ code: 1 });
    expect(noYear.stderr).toContain('请用 --year 指定年份');
    const noPlan = await planbot(['export', '--year', '2031', '--out', path.join(tmpdir(), 'none.xlsx')], { database });
    expect(noPlan.stderr).toContain('没有2031年的生效计划');
    expect((await planbot(['progress', '--month', '2026-13'], { database })).stderr).toContain('--month 应为 YYYY-MM');
    const help = await planbot(['help']);
    expect(help.stdout).toContain('progress [--month YYYY-MM] [--today YYYY-MM-DD] [--json]');
    expect(help.stdout).toContain('export --year <年份> --out <文件.xlsx>');
  });
});

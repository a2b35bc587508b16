/**
 * Child process of the webhook benchmark: the load generator (autocannon, and a closed-loop client for
 * DingTalk) and the fake platform servers the bot replies to. Everything listens on and talks to 127.0.0.1.
 * Run by bench/webhooks.ts through bench/child.ts; not a standalone script.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { decrypt as officialDecrypt } from '@wecom/crypto';
import { startFakeDingtalk, type FakeDingtalk } from '../test/fakes/dingtalk-fake.js';
import type { RecordedRequest } from '../test/fakes/http-fake.js';
import { DINGTALK_TEST, WECOM_TEST, dingtalkHeaders, wecomEnvelope } from '../test/fakes/sign-requests.js';
import { startFakeWecom, type FakeWecom } from '../test/fakes/wecom-fake.js';
import { BUSY_NOTICE } from '../src/platforms/dingtalk/http-adapter.js';
import { serveChild } from './child.js';
import { EXPECTED, QUESTION, percentile } from './lib.js';


let ding: FakeDingtalk | undefined;
let wecom: FakeWecom | undefined;
/** sessionWebhook answers by session (= our message id): how many, and when the first one arrived. */
const replies = new Map<string, { n: number; at: number; text: string }>();
/** Sessions told to ask again (BUSY_NOTICE: too many waiting, the message was not handled), not yet asked again. */
const notices = new Set<string>();
/** A distinctive part of BUSY_NOTICE that survives JSON escaping of the markdown payload. */
const NOTICE_MARK = BUSY_NOTICE.slice(BUSY_NOTICE.indexOf('请过'));
const waiters = new Map<string, (at: number) => void>();
const sentAt = new Map<string, number>();
let seq = 0;

/** A wall clock with sub-millisecond resolution (performance.now() alone is per process). */
const now = () => performance.timeOrigin + performance.now();

function onDingtalkRequest(r: RecordedRequest) {
  if (r.path !== '/robot/sendBySession') return;
  const session = r.query.session ?? '';
  if (r.raw.includes(NOTICE_MARK)) { notices.add(session); return; }
  const at = now();
  const seen = replies.get(session);
  if (seen) seen.n++;
  else replies.set(session, { n: 1, at, text: r.raw });
  waiters.get(session)?.(at);
  waiters.delete(session);
}

function dingtalkBody(id: string, dingUrl: string): string {
  const n = seq;
  return JSON.stringify({
    conversationId: `cidBENCH${n % 50}==`, atUsers: [{ dingtalkId: '$:LWCP_v1:$bot' }], chatbotCorpId: 'dingcorp',
    chatbotUserId: '$:LWCP_v1:$bot', msgId: id, senderNick: '张三', isAdmin: false, senderStaffId: `staff${n % 200}`,
    sessionWebhookExpiredTime: Date.now() + 3_600_000, createAt: Date.now(), senderCorpId: 'dingcorp', conversationType: '2',
    senderId: `$:LWCP_v1:$u${n % 200}`, conversationTitle: `基层工会${n % 50}群`, isInAtList: true,
    sessionWebhook: `${dingUrl}/robot/sendBySession?session=${encodeURIComponent(id)}`, text: { content: ` ${QUESTION}` },
    robotCode: 'dingrobotcode', msgtype: 'text',
  });
}

function wecomRequest(id: string, wecomUrl: string, n = seq) {
  return wecomEnvelope({
    msgid: id, aibotid: 'AIBOTID', chatid: `wrBENCH${n % 50}`, chattype: 'group', from: { userid: `user${n % 200}` },
    response_url: `${wecomUrl}/cgi-bin/aibot/response?response_code=RC-${id}`, msgtype: 'text', text: { content: `@工会助手 ${QUESTION}` },
  });
}

interface CannonArgs { target: 'bare' | 'dingtalk' | 'wecom'; base: string; connections: number; duration?: number; amount?: number; prefix: string }

/** Most WeCom callbacks a timed run can send per second here (the app answers a few thousand). */
const WECOM_PREPARED_PER_SECOND = 8_000;

/**
 * WeCom callbacks for one run, encrypted and signed before it starts: WeCom encrypts on its own machines, so
 * the load generator should not spend the cores the bot runs on doing it (each is AES plus SHA-1). Ids are
 * `${prefix}-${seq}` as they are sent; a run that outlasts them builds the rest as it goes.
 */
function prepareWecom(prefix: string, count: number, wecomUrl: string): { path: string; body: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const n = seq + 1 + i;
    const e = wecomRequest(`${prefix}-${n}`, wecomUrl, n);
    return { path: `/webhooks/wecom?${e.query}`, body: JSON.stringify(e.body) };
  });
}

/** WeCom callbacks prepared for the next run (see prepare), and the seq its first one carries. */
let preparedWecom: { prefix: string; firstSeq: number; requests: { path: string; body: string }[] } | undefined;

async function cannon(a: CannonArgs) {
  const dingUrl = ding!.url;
  const wecomUrl = wecom!.url;
  const ready = a.target === 'wecom' && preparedWecom?.prefix === a.prefix && preparedWecom.firstSeq === seq + 1 ? preparedWecom : undefined;
  // Prepared for this run but not usable: the run would encrypt inside its measured window without saying so.
  if (preparedWecom && !ready) throw new Error(`prepared WeCom callbacks (${preparedWecom.prefix}) do not fit run ${a.prefix}`);
  preparedWecom = undefined;
  const firstSeq = seq + 1;
  const prepared = ready?.requests ?? [];
  let answered = 0;
  let empty = 0;
  let checked = 0;
  let checkedOk = 0;
  let generated = 0;
  const bareBody = dingtalkBody('bare', dingUrl);
  const request: autocannon.Request = {
    method: 'POST',
    setupRequest(req, context) {
      seq++;
      generated++;
      const id = `${a.prefix}-${seq}`;
      (context as { id?: string }).id = id;
      if (a.target === 'bare') return { ...req, path: '/bare', headers: { 'content-type': 'application/json' }, body: bareBody };
      if (a.target === 'dingtalk') {
        sentAt.set(id, now());
        return { ...req, path: '/webhooks/dingtalk', body: dingtalkBody(id, dingUrl),
          headers: { 'content-type': 'application/json; charset=utf-8', ...dingtalkHeaders(Date.now(), DINGTALK_TEST.appSecret) } };
      }
      const ready = prepared[seq - firstSeq];
      if (ready) return { ...req, path: ready.path, headers: { 'content-type': 'application/json' }, body: ready.body };
      const e = wecomRequest(id, wecomUrl);
      return { ...req, path: `/webhooks/wecom?${e.query}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(e.body) };
    },
    onResponse(status, body, context) {
      if (a.target !== 'wecom' || status !== 200) return;
      if (!body.includes('"encrypt"')) { empty++; return; }
      answered++;
      // Decrypt one answer in fifty with the official package: a real, finished answer naming July's task.
      if (answered % 50 === 1) {
        checked++;
        const env = JSON.parse(body) as { encrypt: string };
        const plain = JSON.parse(officialDecrypt(WECOM_TEST.encodingAesKey, env.encrypt).message) as { stream?: { finish?: boolean; content?: string } };
        if (plain.stream?.finish && plain.stream.content?.includes(EXPECTED)) checkedOk++;
      }
    },
  };
  const result = await autocannon({
    url: a.base, connections: a.connections, pipelining: 1, timeout: 10,
    ...(a.amount ? { amount: a.amount } : { duration: a.duration ?? 10 }),
    requests: [request],
  });
  return {
    requests: result.requests.total, rps: result.requests.average, durationS: result.duration,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    ok2xx: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
    generated, answered, empty, checked, checkedOk,
  };
}

/** POSTs a DingTalk callback body, signed now, over `agent`; resolves with the HTTP status. */
function postSigned(url: URL, agent: http.Agent, body: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: {
      'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...dingtalkHeaders(Date.now()),
    } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * What a user told "请过一两分钟再发一次" does: once every message with this prefix has its answer or its
 * notice, each noticed one is sent again (same msgId, 10 at a time), until none is left noticed without an
 * answer. Returns how many distinct messages were asked again, in how many rounds, and how many posts were refused.
 */
async function askNoticedAgain(a: { base: string; prefix: string; expected: number; timeoutMs: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  const url = new URL('/webhooks/dingtalk', a.base);
  const mine = (k: string) => k.startsWith(`${a.prefix}-`);
  const end = Date.now() + a.timeoutMs;
  const askedAgain = new Set<string>();
  let rounds = 0;
  let refused = 0;
  for (;;) {
    const settled = () => [...replies.keys()].filter(mine).length + [...notices].filter(mine).length;
    while (settled() < a.expected && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const queue = [...notices].filter(mine);
    if (!queue.length || Date.now() >= end) break;
    rounds++;
    for (const id of queue) askedAgain.add(id);
    for (const id of queue) notices.delete(id);
    await Promise.all(Array.from({ length: 10 }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const status = await postSigned(url, agent, dingtalkBody(id, ding!.url)).catch(() => 0);
        if (status !== 200) refused++;
      }
    }));
  }
  agent.destroy();
  return { askedAgain: askedAgain.size, rounds, refused, stillNoticed: [...notices].filter(mine).length };
}

/** Waits until every DingTalk message id with this prefix has its reply (or the timeout), then summarises. */
async function collectReplies(a: { prefix: string; expected: number; timeoutMs: number }) {
  const mine = () => [...replies.entries()].filter(([k]) => k.startsWith(`${a.prefix}-`));
  const end = Date.now() + a.timeoutMs;
  while (mine().length < a.expected && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  const got = mine();
  const latencies = got.map(([k, v]) => v.at - (sentAt.get(k) ?? v.at)).sort((x, y) => x - y);
  const firstSent = Math.min(...[...sentAt.entries()].filter(([k]) => k.startsWith(`${a.prefix}-`)).map(([, t]) => t));
  const lastReply = Math.max(...got.map(([, v]) => v.at));
  return {
    replies: got.length,
    duplicates: got.filter(([, v]) => v.n > 1).length,
    withExpected: got.filter(([, v]) => v.text.includes(EXPECTED)).length,
    spanMs: lastReply - firstSent,
    latency: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN },
  };
}

/**
 * DingTalk through the whole path, closed loop on the REPLY: each of `connections` conversations posts
 * a signed callback, gets the empty 200, waits for its answer to reach the fake sessionWebhook, then asks
 * again. Latency is request start → answer received; throughput is answers per second.
 */
async function closedLoop(a: { base: string; connections: number; durationMs: number; prefix: string }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: a.connections });
  const url = new URL('/webhooks/dingtalk', a.base);
  const latencies: number[] = [];
  let errors = 0;
  let replyTimeouts = 0;
  const post = (body: string) => postSigned(url, agent, body);
  const start = now();
  const stopAt = start + a.durationMs;
  const user = async () => {
    while (now() < stopAt) {
      seq++;
      const id = `${a.prefix}-${seq}`;
      const t0 = now();
      sentAt.set(id, t0);
      const answered = new Promise<number | undefined>((resolve) => {
        waiters.set(id, resolve);
        setTimeout(() => resolve(undefined), 10_000).unref();
      });
      try {
        const status = await post(dingtalkBody(id, ding!.url));
        if (status !== 200) { errors++; waiters.delete(id); continue; }
      } catch {
        errors++;
        waiters.delete(id);
        continue;
      }
      const at = await answered;
      if (at === undefined) { replyTimeouts++; continue; }
      latencies.push(at - t0);
    }
  };
  await Promise.all(Array.from({ length: a.connections }, user));
  const elapsed = now() - start;
  agent.destroy();
  latencies.sort((x, y) => x - y);
  return {
    completed: latencies.length, rps: latencies.length / (elapsed / 1000), elapsedMs: elapsed, errors, replyTimeouts,
    latency: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN },
  };
}

serveChild({
  /** This process's CPU time so far (ms), so the parent can tell how busy the load side was. */
  cpu: async () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; },
  askNoticedAgain: (a) => askNoticedAgain(a as unknown as { base: string; prefix: string; expected: number; timeoutMs: number }),
  async fakes() {
    [ding, wecom] = await Promise.all([startFakeDingtalk(), startFakeWecom()]);
    // The fakes record every request in `received`; hook the push to time each answer as it lands.
    const received = ding.received;
    const push = received.push.bind(received);
    received.push = (...items: RecordedRequest[]) => {
      for (const r of items) onDingtalkRequest(r);
      // Keep memory flat over a long run: only the counts above are needed.
      if (received.length > 10_000) received.length = 0;
      return push(...items);
    };
    return { dingtalk: ding.url, wecom: wecom.url };
  },
  cannon: (a) => cannon(a as unknown as CannonArgs),
  /** Encrypts the WeCom callbacks of the next cannon run with this prefix now, outside its measured window. */
  async prepareWecom(a) {
    const { prefix, seconds } = a as unknown as { prefix: string; seconds: number };
    preparedWecom = { prefix, firstSeq: seq + 1, requests: prepareWecom(prefix, seconds * WECOM_PREPARED_PER_SECOND, wecom!.url) };
    return preparedWecom.requests.length;
  },
  collectReplies: (a) => collectReplies(a as unknown as { prefix: string; expected: number; timeoutMs: number }),
  closedLoop: (a) => closedLoop(a as unknown as { base: string; connections: number; durationMs: number; prefix: string }),
  /** WeCom answers that missed the passive reply and went to response_url, for message ids with this prefix. */
  async wecomLate(a) {
    return wecom!.received.filter((r) => r.path === '/cgi-bin/aibot/response' && (r.query.response_code ?? '').startsWith(`RC-${String(a.prefix)}-`)).length;
  },
});

import { createHmac, randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { startHttpFake, type FakeResponse, type RecordedRequest } from './http-fake.js';
import { createRateLimiter } from './rate-limiter.js';

/**
 * Fake DingTalk (platforms.md §6.2 c/d): custom robot, sessionWebhook, OpenAPI token and group
 * messages, and the Stream gateway + WebSocket, as real servers on 127.0.0.1. errmsg strings and codes
 * other than 0 / 130101 / 310000 are illustrative (§7.7).
 */
export const FAKE_DINGTALK = { tokenNotExist: 300_001, sessionExpired: 300_005 } as const;

const MSG_KEYS: Record<string, string[]> = {
  sampleText: ['content'],
  sampleMarkdown: ['title', 'text'],
  sampleActionCard: ['title', 'text', 'singleTitle', 'singleURL'],
  sampleLink: ['text', 'title', 'picUrl', 'messageUrl'],
};

export interface StreamFrameIn {
  code?: number;
  headers?: Record<string, string>;
  message?: string;
  data?: string;
}

export async function startFakeDingtalk(opts: {
  /** Custom robots: access_token → 加签 secret (undefined = no signing). */
  robots?: Record<string, string | undefined>;
  appKey?: string;
  appSecret?: string;
  conversations?: string[];
  now?: () => number;
} = {}) {
  const now = opts.now ?? Date.now;
  const appKey = opts.appKey ?? 'ak';
  const appSecret = opts.appSecret ?? 'as';
  const robots = opts.robots ?? { T1: 'SECtestsecret' };
  const conversations = new Set(opts.conversations ?? ['cidDEPT1==']);
  const limiter = createRateLimiter({ limit: 20, windowMs: 60_000, blockMs: 10 * 60_000, now });
  const expiredSessions = new Set<string>();
  /** Answers the next sendBySession calls of a session get instead of ok, in order. */
  const sessionFailures = new Map<string, FakeResponse[]>();
  const validTokens = new Set<string>();
  const tickets = new Set<string>();
  let tokenCount = 0;
  const ok = { body: { errcode: 0, errmsg: 'ok' } };
  const err = (errcode: number, errmsg: string): FakeResponse => ({ body: { errcode, errmsg } });
  const apiErr = (status: number, code: string): FakeResponse => ({ status, body: { code, message: `${code} (fake)`, requestid: 'fake' } });

  function robotSend(req: RecordedRequest): FakeResponse {
    const token = req.query.access_token ?? '';
    if (!(token in robots)) return err(FAKE_DINGTALK.tokenNotExist, 'token is not exist');
    const secret = robots[token];
    if (secret) {
      const ts = req.query.timestamp ?? '';
      const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
      if (!/^\d+$/.test(ts) || Math.abs(now() - Number(ts)) > 3_600_000 || req.query.sign !== expected) {
        return err(310000, 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
      }
    }
    if (!limiter.allow(token)) return err(130101, 'send too fast, exceed 20 times per minute');
    return ok;
  }

  function groupMessagesSend(req: RecordedRequest): FakeResponse {
    if (!validTokens.has(String(req.headers['x-acs-dingtalk-access-token'] ?? ''))) return apiErr(401, 'InvalidAuthentication');
    const b = (req.body ?? {}) as { robotCode?: string; openConversationId?: string; msgKey?: string; msgParam?: unknown };
    if (b.robotCode !== appKey) return apiErr(400, 'invalidParameter.robotCode.auth');
    if (!b.openConversationId || !conversations.has(b.openConversationId)) return apiErr(400, 'invalid.openConversationId');
    const required = MSG_KEYS[String(b.msgKey)];
    if (!required) return apiErr(400, 'invalidParameter.msgKey.invalid');
    let param: unknown;
    try {
      param = typeof b.msgParam === 'string' ? JSON.parse(b.msgParam) : undefined;
    } catch {
      param = undefined;
    }
    if (!param || typeof param !== 'object' || !required.every((k) => typeof (param as Record<string, unknown>)[k] === 'string')) {
      return apiErr(400, 'invalidParameter.msgParam.invalid');
    }
    return { body: { processQueryKey: `pqk-${randomUUID()}` } };
  }

  const http = await startHttpFake((req) => {
    if (req.method !== 'POST') return undefined;
    switch (req.path) {
      case '/robot/send':
        return robotSend(req);
      case '/robot/sendBySession': {
        const session = req.query.session ?? '';
        const failure = sessionFailures.get(session)?.shift();
        if (failure) return failure;
        return expiredSessions.has(session) ? err(FAKE_DINGTALK.sessionExpired, 'session expired') : ok;
      }
      case '/v1.0/oauth2/accessToken': {
        const b = (req.body ?? {}) as { appKey?: string; appSecret?: string };
        if (b.appKey !== appKey || b.appSecret !== appSecret) return apiErr(400, 'invalidClientIdOrSecret');
        const token = `fake-token-${++tokenCount}`;
        validTokens.add(token);
        return { body: { accessToken: token, expireIn: 7200 } };
      }
      case '/v1.0/robot/groupMessages/send':
        return groupMessagesSend(req);
      case '/v1.0/gateway/connections/open': {
        const b = (req.body ?? {}) as { clientId?: string; clientSecret?: string };
        if (b.clientId !== appKey || b.clientSecret !== appSecret) return apiErr(401, 'InvalidAuthentication');
        const ticket = randomUUID();
        tickets.add(ticket);
        return { body: { endpoint: `ws://127.0.0.1:${http.port}/connect`, ticket } };
      }
      default:
        return undefined;
    }
  });

  // Stream WebSocket (§2c): a ticket from the gateway is single-use.
  const wss = new WebSocketServer({ noServer: true });
  const sockets: WebSocket[] = [];
  const upFrames: StreamFrameIn[] = [];
  let accepted = 0;
  http.server.on('upgrade', (req, socket, head) => {
    const u = new URL(req.url ?? '/', 'http://fake');
    const ticket = u.searchParams.get('ticket') ?? '';
    if (u.pathname !== '/connect' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted++;
      sockets.push(ws);
      ws.on('message', (d) => upFrames.push(JSON.parse(String(d)) as StreamFrameIn));
      ws.on('close', () => sockets.splice(sockets.indexOf(ws), 1));
    });
  });

  function send(frame: object) {
    const ws = sockets[sockets.length - 1];
    if (!ws) throw new Error('fake dingtalk: no stream connection');
    ws.send(JSON.stringify(frame));
  }

  return {
    url: http.url,
    received: http.received,
    /** Frames the bot sent up the stream (acks, ping echoes). */
    upFrames,
    get connections() {
      return sockets.length;
    },
    /** Stream connections accepted so far (reconnects included). */
    get accepted() {
      return accepted;
    },
    expireSession: (session: string) => expiredSessions.add(session),
    /** The next sends to this session get these answers, one each, before it works again. */
    failSession: (session: string, ...answers: Array<'busy' | 'http502' | 'drop' | 'rateLimited' | 'signMismatch'>) =>
      sessionFailures.set(session, answers.map((a): FakeResponse => ({
        busy: err(-1, '系统繁忙'),
        http502: { status: 502, body: { message: 'bad gateway (fake)' } },
        drop: { drop: true, body: undefined },
        rateLimited: err(130101, 'send too fast, exceed 20 times per minute'),
        signMismatch: err(310000, 'sign not match'),
      })[a])),
    /** Makes every issued OpenAPI token stale (the next call gets 401). */
    revokeTokens: () => validTokens.clear(),
    get tokensIssued() {
      return tokenCount;
    },
    /** Pushes a robot CALLBACK frame; returns its headers.messageId. */
    pushCallback(data: object, topic = '/v1.0/im/bot/messages/get', messageId = `m-${randomUUID()}`): string {
      send({ specVersion: '1.0', type: 'CALLBACK', headers: { appId: 'app', connectionId: 'c1', contentType: 'application/json',
        messageId, time: String(now()), topic }, data: JSON.stringify(data) });
      return messageId;
    },
    ping(opaque: string) {
      send({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'ping', messageId: `p-${opaque}`, contentType: 'application/json' },
        data: JSON.stringify({ opaque }) });
    },
    sendRaw: (text: string) => sockets[sockets.length - 1]?.send(text),
    dropAll() {
      for (const ws of [...sockets]) ws.terminate();
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await http.close();
    },
  };
}

export type FakeDingtalk = Awaited<ReturnType<typeof startFakeDingtalk>>;

import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { startHttpFake, type FakeResponse, type RecordedRequest } from './http-fake.js';
import { createRateLimiter } from './rate-limiter.js';

/**
 * Fake WeCom (platforms.md §6.1 e/f): the 消息推送 webhook, response_url, and the intelligent bot's
 * long connection, as real servers on 127.0.0.1. errmsg strings are illustrative; codes follow §1a
 * (45009 and 93000 are themselves UNCONFIRMED for the webhook, §7.1).
 */
export const FAKE_WECOM = {
  /** Non-zero code for a second use of a response_url (value UNCONFIRMED, §7.4). */
  responseUrlUsed: 600_001,
  /** Bad bot id / secret on the long connection (value illustrative). */
  authFailed: 40_001,
  contentTooLong: 40_058,
} as const;

const WEBHOOK_MSGTYPES = new Set(['text', 'markdown', 'markdown_v2', 'image', 'news', 'file', 'voice', 'template_card']);

export interface WsFrameIn {
  cmd?: string;
  headers: { req_id: string };
  body?: Record<string, unknown>;
}

export async function startFakeWecom(opts: { keys?: string[]; botId?: string; botSecret?: string; now?: () => number } = {}) {
  const now = opts.now ?? Date.now;
  const keys = new Set(opts.keys ?? ['KEY_DEPT1']);
  const limiter = createRateLimiter({ limit: 20, windowMs: 60_000, now });
  const usedResponseCodes = new Set<string>();
  const ok = { body: { errcode: 0, errmsg: 'ok' } };
  const err = (errcode: number, errmsg: string): FakeResponse => ({ body: { errcode, errmsg: `${errmsg}, hint: [fake]` } });

  function webhookSend(req: RecordedRequest): FakeResponse {
    const key = req.query.key ?? '';
    if (!keys.has(key)) return err(93000, 'invalid webhook url');
    const body = req.body as { msgtype?: string; text?: { content?: string; mentioned_list?: unknown } } | undefined;
    if (!body || !WEBHOOK_MSGTYPES.has(String(body.msgtype))) return err(40008, 'invalid message type');
    if (body.msgtype === 'text' && Buffer.byteLength(body.text?.content ?? '') > 2048) return err(FAKE_WECOM.contentTooLong, 'content exceed max length');
    if (!limiter.allow(key)) {
      return err(45009, 'api freq out of limit, from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=45009');
    }
    return ok;
  }

  function aibotResponse(req: RecordedRequest): FakeResponse {
    const code = req.query.response_code ?? '';
    if (!code || usedResponseCodes.has(code)) return err(FAKE_WECOM.responseUrlUsed, 'response_code used or invalid');
    usedResponseCodes.add(code);
    const body = req.body as { msgtype?: string; markdown?: { content?: string } } | undefined;
    if (body?.msgtype !== 'markdown' && body?.msgtype !== 'template_card') return err(40008, 'invalid message type');
    if (Buffer.byteLength(body.markdown?.content ?? '') > 20480) return err(FAKE_WECOM.contentTooLong, 'content exceed max length');
    return ok;
  }

  const http = await startHttpFake((req) => {
    if (req.method !== 'POST') return undefined;
    if (req.path === '/cgi-bin/webhook/send') return webhookSend(req);
    if (req.path === '/cgi-bin/aibot/response') return aibotResponse(req);
    return undefined;
  });

  // Long connection (101463): one authenticated socket per bot; frames {cmd, headers:{req_id}, body}.
  const wss = new WebSocketServer({ server: http.server });
  const frames: WsFrameIn[] = [];
  const sockets = new Set<WebSocket>();
  const pushedReqIds = new Set<string>();
  let subscriptions = 0;
  let refusing = false;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as WsFrameIn;
      frames.push(frame);
      const ack = (errcode: number, errmsg = 'ok') => ws.send(JSON.stringify({ headers: { req_id: frame.headers.req_id }, errcode, errmsg }));
      switch (frame.cmd) {
        case 'aibot_subscribe': {
          const good = frame.body?.bot_id === (opts.botId ?? 'BOT') && frame.body?.secret === (opts.botSecret ?? 'S');
          if (!good || refusing) return ack(FAKE_WECOM.authFailed, 'invalid bot_id or secret');
          // A new subscription kicks the previous connection of the same bot.
          for (const other of sockets) if (other !== ws) kick(other);
          sockets.add(ws);
          subscriptions++;
          return ack(0);
        }
        case 'ping':
          return ack(0);
        case 'aibot_respond_msg':
        case 'aibot_respond_update_msg':
          return ack(pushedReqIds.has(frame.headers.req_id) ? 0 : 40_008, 'unknown req_id');
        case 'aibot_send_msg':
          return ack(typeof frame.body?.chatid === 'string' && frame.body.chatid ? 0 : 40_008, 'chatid required');
        default:
          return ack(40_008, 'unknown cmd');
      }
    });
    ws.on('close', () => sockets.delete(ws));
  });

  function kick(ws: WebSocket) {
    ws.send(JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id: randomUUID() },
      body: { msgid: randomUUID(), create_time: Math.floor(now() / 1000), aibotid: opts.botId ?? 'BOT', from: { userid: '' },
        msgtype: 'event', event: { eventtype: 'disconnected_event' } } }));
    ws.close();
    sockets.delete(ws);
  }

  function pushFrame(cmd: string, body: object): string {
    const reqId = `REQ-${randomUUID()}`;
    pushedReqIds.add(reqId);
    const [ws] = sockets;
    if (!ws) throw new Error('fake wecom: no subscribed long connection');
    ws.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return reqId;
  }

  return {
    url: http.url,
    wsUrl: `ws://127.0.0.1:${http.port}`,
    /** Refuses every subscription, good credentials too (trouble on WeCom's side, a secret being reset). */
    set refusing(v: boolean) { refusing = v; },
    received: http.received,
    /** Frames the bot sent over the long connection. */
    frames,
    get subscriptions() {
      return subscriptions;
    },
    get connections() {
      return sockets.size;
    },
    /** Delivers an aibot_msg_callback; returns its req_id. */
    pushMessage: (body: object) => pushFrame('aibot_msg_callback', body),
    pushEvent: (body: object) => pushFrame('aibot_event_callback', body),
    /** Cuts every connection without warning (network loss). */
    dropAll() {
      for (const ws of sockets) ws.terminate();
      sockets.clear();
    },
    kickAll() {
      for (const ws of [...sockets]) kick(ws);
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await http.close();
    },
  };
}

export type FakeWecom = Awaited<ReturnType<typeof startFakeWecom>>;

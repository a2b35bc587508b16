import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the platform does with one push, decided per robot (WeCom key / DingTalk access_token):
 * - ok: forwarded to the fake, its answer returned;
 * - http500: "500 Internal Server Error", not forwarded;
 * - hang: forwarded (the fake accepts and records it) but the answer never comes back: the sender times out
 *   not knowing that the message went through, the worst case for duplicates;
 * - blackhole: never forwarded, never answered (lost on the way);
 * - ratelimit: the platform's "too fast" answer (WeCom 45009, DingTalk 130101), not forwarded.
 */
export type Fault = 'ok' | 'http500' | 'hang' | 'blackhole' | 'ratelimit';

export interface ProxyStats {
  /** Pushes the fake accepted (errcode 0), by row marker. */
  accepted: Map<string, number>;
  /** Pushes forwarded whose answer was then withheld (hang), by row marker. */
  hungAfterForward: Map<string, number>;
  /** Refusals by the fakes themselves (their own 20-a-minute limiter, bad key…), by errcode. */
  fakeRefusals: Map<number, number>;
  /** Faults injected, by kind. */
  injected: Map<Fault, number>;
}

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * An HTTP proxy on 127.0.0.1 in front of the fake WeCom and DingTalk servers that injects faults into
 * pushes (/cgi-bin/webhook/send and /robot/send). `marker(body)` names the outbox row a push carries.
 */
export async function startFaultProxy(o: {
  wecom: string;
  dingtalk: string;
  fault: (robot: string) => Fault;
  marker: (text: string) => string | undefined;
}) {
  const stats: ProxyStats = { accepted: new Map(), hungAfterForward: new Map(), fakeRefusals: new Map(), injected: new Map() };
  const held = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://proxy');
    const wecom = url.pathname === '/cgi-bin/webhook/send';
    const robot = (wecom ? url.searchParams.get('key') : url.searchParams.get('access_token')) ?? '';
    const fault = wecom || url.pathname === '/robot/send' ? o.fault(robot) : 'ok';
    let text = '';
    try {
      text = (JSON.parse(raw) as { text?: { content?: string } }).text?.content ?? '';
    } catch { /* not JSON: forwarded as is */ }
    const marker = o.marker(text);
    if (fault !== 'ok') bump(stats.injected, fault);

    if (fault === 'http500') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      return;
    }
    if (fault === 'ratelimit') {
      const body = wecom
        ? { errcode: 45009, errmsg: 'api freq out of limit, hint: [fault proxy]' }
        : { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (fault === 'blackhole') {
      held.add(res);
      return;
    }
    const upstream = await fetch(`${wecom ? o.wecom : o.dingtalk}${url.pathname}${url.search}`, {
      method: req.method, headers: { 'content-type': 'application/json' }, body: raw,
    });
    const answer = await upstream.text();
    let errcode: number | undefined;
    try {
      errcode = (JSON.parse(answer) as { errcode?: number }).errcode;
    } catch { /* not JSON */ }
    if (errcode === 0 && marker) bump(stats.accepted, marker);
    else if (typeof errcode === 'number') bump(stats.fakeRefusals, errcode);
    if (fault === 'hang') {
      if (marker) bump(stats.hungAfterForward, marker);
      held.add(res);
      return;
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${err.message}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stats,
    /** Drops the held (hung, black-holed) requests: their senders see the connection close. */
    releaseHeld() {
      for (const res of held) res.destroy();
      held.clear();
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch } from '../../src/platforms/shared/node-fetch.js';
import { postJson } from '../../src/platforms/shared/post-json.js';

describe('nodeFetch (the default outbound HTTP of every sender)', () => {
  let server: http.Server;
  let base: string;
  const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string; socket: number }[] = [];
  const sockets = new WeakMap<object, number>();
  let nextSocket = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        if (!sockets.has(req.socket)) sockets.set(req.socket, ++nextSocket);
        seen.push({ method: req.method, url: req.url, headers: req.headers, body, socket: sockets.get(req.socket)! });
        if (req.url === '/empty') { res.writeHead(204).end(); return; }
        if (req.url === '/hang') return; // never answers
        res.writeHead(req.url === '/busy' ? 503 : 200, { 'content-type': 'application/json', 'x-reply': ['a', 'b'] });
        res.end(JSON.stringify({ errcode: 0, echo: body ? JSON.parse(body) : null }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('POSTs a UTF-8 JSON body with its headers and reads status, headers and body back', async () => {
    const res = await postJson(nodeFetch, `${base}/robot/send?access_token=t`, { text: '送清凉高温慰问' }, { 'x-acs-dingtalk-access-token': 'tok' });
    expect(res).toMatchObject({ status: 200, body: { errcode: 0, echo: { text: '送清凉高温慰问' } } });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/robot/send?access_token=t' });
    expect(last.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(last.headers['x-acs-dingtalk-access-token']).toBe('tok');
    expect(Number(last.headers['content-length'])).toBe(Buffer.byteLength(last.body));
    expect(!('kind' in res) && res.headers.get('x-reply')).toBe('a, b');
  });

  const post = (p: string, signal = AbortSignal.timeout(5000)) =>
    nodeFetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal });

  it('keeps the connection for the next request', async () => {
    await post('/one');
    await post('/two');
    expect(seen.at(-1)!.socket).toBe(seen.at(-2)!.socket);
  });

  it('an error status and an empty 204 come back as answers', async () => {
    expect((await post('/busy')).status).toBe(503);
    const empty = await post('/empty');
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('gives up when the signal times out, and on a refused connection, as network failures', async () => {
    await expect(post('/hang', AbortSignal.timeout(200)))
      .rejects.toMatchObject({ name: 'TimeoutError' });
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await postJson(nodeFetch, `http://127.0.0.1:${port}/x?key=SECRET`, {});
    expect(r).toMatchObject({ kind: 'network', retryable: true, message: expect.stringContaining('ECONNREFUSED') });
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });
});

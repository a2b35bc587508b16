import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { StreamClient } from '../../../src/platforms/dingtalk/stream-client.js';
import { silentLogger } from '../../../src/platforms/shared/logger.js';
import { nodeFetch } from '../../../src/platforms/shared/node-fetch.js';
import { waitFor } from '../../fakes/clock.js';

// The Stream connection's own edge cases, against bare loopback servers: a gateway that hands out an endpoint,
// and an endpoint that misbehaves in ways the fake DingTalk server does not.

const cleanup: Array<() => void> = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

/** A gateway answering each open with `endpoint` (after `delayMs`); counts the opens. */
async function gateway(endpoint: () => string, delayMs = 0) {
  const g = { opens: 0, port: 0 };
  const server = http.createServer((req, res) => {
    g.opens++;
    req.resume();
    req.on('end', () => setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ endpoint: endpoint(), ticket: `t${g.opens}` }));
    }, delayMs));
  });
  g.port = await listen(server);
  return g;
}

function client(port: number) {
  const c = new StreamClient({
    clientId: 'ak', clientSecret: 'secret', apiBase: `http://127.0.0.1:${port}`, fetch: nodeFetch, log: silentLogger,
    retryBaseMs: 50, handshakeTimeoutMs: 200,
  });
  cleanup.push(() => c.disconnect());
  return c;
}

describe('DingTalk Stream connection', () => {
  it('a WebSocket handshake that never completes is given up and tried again, not waited on forever', async () => {
    const silent = net.createServer(() => { /* accepts the TCP connection, never answers the upgrade */ });
    const silentPort = await listen(silent);
    cleanup.push(() => { for (const s of sockets) s.destroy(); });
    const sockets: net.Socket[] = [];
    silent.on('connection', (s) => sockets.push(s));
    const g = await gateway(() => `ws://127.0.0.1:${silentPort}/connect`);
    const c = client(g.port);
    void c.connect();
    await waitFor(() => g.opens >= 3, 5000, 'the gateway asked again after handshakes that timed out');
    expect(c.connected).toBe(false);
  });

  it('stopped while it asks the gateway, it opens no connection afterwards', async () => {
    let upgrades = 0;
    const wss = new WebSocketServer({ noServer: true });
    cleanup.push(() => wss.close());
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ endpoint: `ws://127.0.0.1:${port}/connect`, ticket: 't' }));
      }, 200));
    });
    server.on('upgrade', (req, socket, head) => { upgrades++; wss.handleUpgrade(req, socket, head, () => {}); });
    const port = await listen(server);
    const c = client(port);
    const connecting = c.connect();
    await new Promise((r) => setTimeout(r, 50));
    c.disconnect();
    await connecting;
    await new Promise((r) => setTimeout(r, 300));
    expect(upgrades).toBe(0);
    expect(c.connected).toBe(false);
  });

  it('a gateway that throttles (429) is a blip to wait out, not credentials to fix; a 401 is', async () => {
    let status = 429;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ code: status === 429 ? 'Throttling' : 'invalidClientIdOrSecret', message: 'fake' }));
      });
    });
    const c = client(await listen(server));
    await c.connect();
    expect(c.refusal).toBeUndefined();
    status = 401;
    await waitFor(() => c.refusal, 5000, 'the refusal after a 401');
    expect(c.refusal).toContain('DINGTALK_APP_SECRET');
  });
});

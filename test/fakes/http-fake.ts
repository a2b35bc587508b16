import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake platform server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  body: unknown;
  raw: string;
}

export interface FakeResponse {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Breaks the connection instead of answering (the caller sees a network failure). */
  drop?: boolean;
}

export interface RunningHttpFake {
  server: Server;
  url: string;
  port: number;
  received: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (random port) that records every request and answers with whatever
 * `route` returns (404 JSON when it returns undefined).
 */
export async function startHttpFake(route: (req: RecordedRequest) => FakeResponse | undefined): Promise<RunningHttpFake> {
  const received: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const rec = await record(req);
    received.push(rec);
    let out: FakeResponse | undefined;
    try {
      out = route(rec);
    } catch (err) {
      out = { status: 500, body: { errcode: -1, errmsg: `fake crashed: ${(err as Error).message}` } };
    }
    out ??= { status: 404, body: { errcode: 404, errmsg: `fake: no route for ${rec.method} ${rec.path}` } };
    if (out.drop) {
      req.socket.destroy();
      return;
    }
    res.writeHead(out.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...out.headers });
    res.end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    body = undefined;
  }
  const u = new URL(req.url ?? '/', 'http://fake');
  return { method: req.method ?? 'GET', path: u.pathname, query: Object.fromEntries(u.searchParams), headers: req.headers, body, raw };
}

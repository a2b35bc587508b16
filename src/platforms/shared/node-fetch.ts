import http from 'node:http';
import https from 'node:https';
import type { Fetch, HttpAnswer } from './post-json.js';

// Kept-alive connections to the platforms' APIs (and to sessionWebhook / response_url hosts). Node drops an
// idle socket when the server's Keep-Alive timeout says so.
// `timeout` closes a connection idle for 4 s, before a server's usual 5 s keep-alive ends it under us.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 }),
};

/**
 * The outbound HTTP every platform sender uses by default: a JSON POST over node:http with kept-alive
 * connections, the answer read whole. Node's built-in fetch costs about five times the CPU per request
 * (streams, Request and Response objects), which under load was most of what answering a DingTalk message
 * cost. Tests may still inject the global fetch or a wrapper of it (AdapterOptions.fetch).
 */
export const nodeFetch: Fetch = (input, init) => post(input, init);

function post(input: string | URL, init: Parameters<Fetch>[1]): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const url = new URL(String(input));
    const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!mod) { reject(new TypeError(`unsupported protocol ${url.protocol}`)); return; }
    const { signal, body } = init;
    if (signal.aborted) { reject(signal.reason); return; }
    const headers: Record<string, string> = { ...init.headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = mod.request(url, { method: init.method, headers, agent: agents[url.protocol as keyof typeof agents] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        signal.removeEventListener('abort', onAbort);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: {
            get(name) {
              const v = res.headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
            },
          },
          text: async () => text,
        });
      });
    });
    // No retry here, not even on a reused connection reset: the request may have reached the platform, and a
    // second copy would be a duplicate message. The outbox retries pushes; a lost chat answer is logged.
    function fail(err: unknown) {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    }
    const onAbort = () => req.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.end(body);
  });
}

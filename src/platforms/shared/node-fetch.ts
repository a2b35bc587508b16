import http from 'node:http';
import https from 'node:https';
import type { Fetch } from './post-json.js';

// Kept-alive connections to the platforms' APIs (and to sessionWebhook / response_url hosts). Node drops an
// idle socket when the server's Keep-Alive timeout says so.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * The outbound HTTP every platform sender uses by default: the subset of fetch the senders need (method,
 * headers, a string body, an AbortSignal; a Response back), over node:http with kept-alive connections.
 * Node's built-in fetch costs about five times the CPU per request, which under load is most of what
 * answering a DingTalk message costs. Tests may still inject any fetch (AdapterOptions.fetch).
 */
export const nodeFetch: Fetch = (input, init = {}) => new Promise<Response>((resolve, reject) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!mod) { reject(new TypeError(`unsupported protocol ${url.protocol}`)); return; }
  const body = init.body;
  if (body !== undefined && body !== null && typeof body !== 'string') {
    reject(new TypeError('nodeFetch sends string bodies only'));
    return;
  }
  const headers: Record<string, string> = {};
  const given = init.headers;
  if (given && !(given instanceof Headers) && !Array.isArray(given)) {
    for (const [k, v] of Object.entries(given)) headers[k.toLowerCase()] = String(v);
  } else {
    new Headers(given).forEach((v, k) => { headers[k] = v; });
  }
  if (body) headers['content-length'] = String(Buffer.byteLength(body));
  const signal = init.signal ?? undefined;
  if (signal?.aborted) { reject(signal.reason); return; }
  const req = mod.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol as keyof typeof agents] }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      const out = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (Array.isArray(v)) for (const x of v) out.append(k, x);
        else if (v !== undefined) out.set(k, v);
      }
      const status = res.statusCode ?? 0;
      try {
        resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: out }));
      } catch (err) {
        reject(err); // a status Response cannot carry (outside 200..599)
      }
    });
  });
  const onAbort = () => req.destroy(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
  signal?.addEventListener('abort', onAbort, { once: true });
  req.on('error', (err) => { signal?.removeEventListener('abort', onAbort); reject(err); });
  req.end(body ?? undefined);
});

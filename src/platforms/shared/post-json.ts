import { networkError, type SendResult } from './send-result.js';

/** The part of a response the senders read. A fetch Response is one. */
export interface HttpAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * How senders make an outbound POST: nodeFetch by default; the global fetch (or any wrapper of it, as tests
 * inject) fits the same type.
 */
export type Fetch = (url: string | URL, init: {
  method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal;
}) => Promise<HttpAnswer>;

/** What came back from a JSON POST: the HTTP status and the parsed body (undefined when not JSON). */
export interface JsonResponse {
  status: number;
  headers: HttpAnswer['headers'];
  body: unknown;
}

/** Outbound calls give up after this long; the outbox retries later (a hung platform must not stall it). */
export const OUTBOUND_TIMEOUT_MS = 10_000;

/**
 * POSTs JSON and reads a JSON answer. A transport failure becomes a `network` SendResult instead of a
 * throw, so every sender returns one typed value. The URL is never put into the error (it holds keys).
 */
export async function postJson(
  fetchFn: Fetch,
  url: string | URL,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse | Extract<SendResult, { kind: 'network' }>> {
  // One timer for the whole exchange, answer body included. (AbortSignal.timeout() costs several times more
  // per call: it makes a transferable signal.)
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException('outbound request timed out', 'TimeoutError')), OUTBOUND_TIMEOUT_MS);
  let res: HttpAnswer;
  let text: string;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(payload),
      signal: abort.signal,
    });
    text = await res.text().catch(() => '');
  } catch (err) {
    return networkError(err) as Extract<SendResult, { kind: 'network' }>;
  } finally {
    clearTimeout(timer);
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body };
}

export function isNetworkFailure(r: JsonResponse | SendResult): r is Extract<SendResult, { kind: 'network' }> {
  return 'kind' in r && r.kind === 'network';
}

import { DWClient } from 'dingtalk-stream';
import WebSocket from 'ws';
import { errorFields, type PlatformLogger } from '../shared/logger.js';
import { isNetworkFailure, postJson, type Fetch } from '../shared/post-json.js';
import { joinUrl } from '../shared/same-origin.js';

/** What we touch inside DWClient 2.1.5 (TS-private there, plain fields at runtime). */
interface DWClientInternals {
  dw_url?: string;
  socket?: WebSocket;
  heartbeatIntervallId?: NodeJS.Timeout;
  userDisconnect: boolean;
  isAlive: boolean;
}

/** The SDK's keep-alive period: a ping every 8 s, and a link that answered none since the last is dropped. */
const HEARTBEAT_MS = 8_000;

const OPEN_OR_CONNECTING = new Set([0, 1]);
const MAX_BACKOFF_MS = 30_000;
/** A WebSocket handshake that has not completed by then never will (a middlebox holding the connection). */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * `dingtalk-stream`'s DWClient with three fixes, all through overrides (platforms.md §2c):
 * 1. The gateway URL is hard-coded in the SDK (GATEWAY_URL); we open the connection at
 *    `{DINGTALK_API_BASE}/v1.0/gateway/connections/open` instead, so tests can use a fake gateway.
 * 2. 2.1.5 reconnects from two places after one failure (its connect() catch and the socket's close),
 *    which can multiply connections, and leaks a keep-alive timer per reconnect. We turn its
 *    autoReconnect off and run one reconnect loop with capped exponential backoff.
 * 3. A malformed frame would throw inside the socket's message listener; we log and drop it instead.
 * 4. It prints "connect success", "Disconnecting." and socket errors with console.info/warn, past the bot's
 *    logger and its Chinese terminal lines; we open and close the socket ourselves and log through the logger.
 */
export class StreamClient extends DWClient {
  private stopped = false;
  private connecting = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Why the gateway last refused us, while it does (wrong app key or secret); undefined once connected. */
  refusal: string | undefined;

  constructor(
    private readonly opts: {
      clientId: string; clientSecret: string; apiBase: string; fetch: Fetch; log: PlatformLogger; retryBaseMs?: number;
      /** How long opening the WebSocket may take before it is given up and tried again (default HANDSHAKE_TIMEOUT_MS). */
      handshakeTimeoutMs?: number;
    },
  ) {
    // keepAlive: ws ping every 8 s, so a dead link is noticed. debug must stay off: it prints the secret.
    super({ clientId: opts.clientId, clientSecret: opts.clientSecret, keepAlive: true, debug: false, ua: 'union-plan-bot' });
    this.config.autoReconnect = false;
  }

  private get internals(): DWClientInternals {
    return this as unknown as DWClientInternals;
  }

  override async getEndpoint(): Promise<this> {
    const res = await postJson(this.opts.fetch, joinUrl(this.opts.apiBase, '/v1.0/gateway/connections/open'), {
      clientId: this.config.clientId,
      clientSecret: this.config.clientSecret,
      ua: this.config.ua,
      subscriptions: this.config.subscriptions,
    }, { accept: 'application/json' });
    if (isNetworkFailure(res)) throw new Error(`gateway unreachable: ${res.message}`);
    const body = (res.body ?? {}) as { endpoint?: unknown; ticket?: unknown; code?: unknown; message?: unknown };
    if (res.status !== 200 || typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') {
      // DingTalk says why ({"code":"invalidClientIdOrSecret","message":…}).
      const said = [body.code, body.message].filter((x) => typeof x === 'string' && x).join(': ').slice(0, 200);
      // A 4xx is ours to fix (not a blip), except 429: DingTalk is throttling, and trying again later is right.
      this.refusal = res.status >= 400 && res.status < 500 && res.status !== 429
        ? `gateway refused the credentials (HTTP ${res.status}${said ? `, ${said}` : ''}): check DINGTALK_APP_KEY / DINGTALK_APP_SECRET`
        : undefined;
      throw new Error(this.refusal ?? `gateway refused the connection (HTTP ${res.status}${said ? `, ${said}` : ''})`);
    }
    this.refusal = undefined;
    this.internals.dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  override async connect(): Promise<void> {
    const socket = this.internals.socket;
    if (this.stopped || this.connecting || (socket && OPEN_OR_CONNECTING.has(socket.readyState))) return;
    this.connecting = true;
    try {
      await this.getEndpoint();
      // Stopped while asking the gateway: no connection may open after the stop.
      if (this.stopped) return;
      await this._connect();
      this.failures = 0;
      this.internals.socket?.once('close', () => this.onClosed());
      this.opts.log.info({ platform: 'dingtalk' }, 'dingtalk stream connected');
    } catch (err) {
      if (this.refusal) this.opts.log.error({ platform: 'dingtalk', ...errorFields(err) }, 'dingtalk stream: credentials refused');
      else this.opts.log.warn({ platform: 'dingtalk', ...errorFields(err) }, 'dingtalk stream connect failed');
      this.scheduleRetry();
    } finally {
      this.connecting = false;
    }
  }

  /** The SDK's _connect, without its console output: opens the socket, pings it, resolves once open. */
  override _connect(): Promise<void> {
    const self = this.internals;
    return new Promise((resolve, reject) => {
      self.userDisconnect = false;
      // Without a handshake timeout, a handshake that never completes would hold `connecting` forever: no retry.
      const socket = new WebSocket(self.dw_url!, { handshakeTimeout: this.opts.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS });
      self.socket = socket;
      socket.on('open', () => {
        this.connected = true;
        self.isAlive = true;
        clearInterval(self.heartbeatIntervallId);
        self.heartbeatIntervallId = setInterval(() => {
          if (!self.isAlive) {
            this.opts.log.warn({ platform: 'dingtalk' }, 'dingtalk stream heartbeat lost');
            socket.terminate();
            return;
          }
          self.isAlive = false;
          socket.ping('', true);
        }, HEARTBEAT_MS);
        resolve();
      });
      socket.on('pong', () => this.heartbeat());
      socket.on('message', (data) => this.onDownStream(String(data)));
      socket.on('close', () => {
        this.connected = false;
        this.registered = false;
      });
      // Before 'open' this rejects the connect (logged there); after it, 'close' follows and reconnects.
      socket.on('error', (err) => {
        if (this.connected) this.opts.log.warn({ platform: 'dingtalk', ...errorFields(err) }, 'dingtalk stream socket error');
        socket.terminate();
        reject(err);
      });
    });
  }

  override onDownStream(data: string): void {
    try {
      super.onDownStream(data);
    } catch (err) {
      this.opts.log.warn({ platform: 'dingtalk', ...errorFields(err) }, 'dingtalk stream frame dropped');
    }
  }

  /** The SDK's disconnect, without its console output. */
  override disconnect(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.internals.userDisconnect = true;
    clearInterval(this.internals.heartbeatIntervallId);
    this.internals.socket?.close();
  }

  private onClosed() {
    clearInterval(this.internals.heartbeatIntervallId);
    if (this.stopped) return;
    this.opts.log.warn({ platform: 'dingtalk' }, 'dingtalk stream closed; reconnecting');
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const delay = Math.min((this.opts.retryBaseMs ?? 1000) * 2 ** this.failures++, MAX_BACKOFF_MS);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}

import type { Config } from '../../../config/index.js';
import type { MessageHandler, PlatformAdapter } from '../../core/platform.js';
import type { PlatformLogger } from './logger.js';
import type { Fetch } from './post-json.js';

/** What every WeCom / DingTalk adapter factory takes. */
export interface AdapterOptions {
  config: Config;
  handle: MessageHandler;
  /** Defaults to the Fastify app's logger once routes are registered, else silent. */
  logger?: PlatformLogger;
  /** Outbound HTTP (response_url, sessionWebhook, OpenAPI); injectable for tests. */
  fetch?: Fetch;
  /** Clock for timestamps and the DingTalk signature window; injectable for tests. */
  now?: () => Date;
  /**
   * How long a callback waits for the handler before answering without it (platforms.md §5: answer
   * within ~1–2 s, WeCom drops at 5 s). Later answers go out of band. Default 2000 ms.
   */
  deadlineMs?: number;
  /**
   * DingTalk HTTP mode acknowledges before answering: at most this many messages may wait for their answer;
   * beyond it a callback is acknowledged but not handled or recorded, and its sender is asked to send it again.
   */
  maxBacklog?: number;
  /** DingTalk: waits before trying a failed answer again (default ANSWER_RETRY_DELAYS_MS); tests shorten them. */
  retryDelaysMs?: readonly number[];
}

export const DEFAULT_MAX_BACKLOG = 1000;
/** Answers worked on at once by an adapter that answers out of band; the rest wait in arrival order. */
export const ANSWER_CONCURRENCY = 32;

export const DEFAULT_DEADLINE_MS = 2000;

/**
 * Adapters also expose `idle()`: resolves when replies still in flight have been sent (tests, shutdown).
 * `stop()` always exists; it waits for them too.
 */
export type AdapterWithIdle = PlatformAdapter & { idle(): Promise<void>; stop(): Promise<void> };

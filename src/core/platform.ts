import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, PlatformName } from './message.js';
import type { Reply } from './reply.js';

/** What a platform adapter calls for each inbound message: null when the message was a duplicate. */
export type MessageHandler = (msg: IncomingMessage) => Promise<Reply | null>;

/**
 * One transport of one platform (WeCom callback, WeCom long connection, DingTalk HTTP, DingTalk stream,
 * console). Each verifies its own requests and normalises them, then calls the one MessageHandler.
 */
export interface PlatformAdapter {
  name: PlatformName;
  /** Registers HTTP routes, if the transport has any. */
  register?(app: FastifyInstance): void | Promise<void>;
  /** Opens outbound connections (WebSocket, stream) after the server listens. */
  start?(): Promise<void>;
  /** Closes them on shutdown. */
  stop?(): Promise<void>;
}

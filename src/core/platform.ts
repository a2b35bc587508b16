import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, PlatformName } from './message.js';
import type { Reply } from './reply.js';

/** What a platform adapter calls for each inbound message: null when the message was a duplicate. */
export type MessageHandler = ((msg: IncomingMessage) => Promise<Reply | null>) & {
  /**
   * For a transport that acknowledges a message before answering it: records the message, with its
   * `resume` data, and resolves once that is durable, with the rest of its turn. Acknowledge only after it
   * resolves. The rest works the answer out, hands it to `deliver` (nothing for a duplicate), and only then
   * marks the message handled: if the process dies before that, the record is found by `unanswered` after a
   * restart (or by another replica), so an acknowledged message is answered at least once.
   */
  accept?(msg: IncomingMessage): Promise<AcceptedTurn>;
  /** This platform's messages acknowledged but never answered because their process died, oldest first. */
  unanswered?(platform: PlatformName): Promise<Unanswered[]>;
  /** Gives up on one of them (its resume data cannot be used): it is no longer listed. */
  abandon?(platform: PlatformName, messageId: string): Promise<void>;
  /** Writes the handled marks of completed turns still waiting to go (shutdown, before the database closes). */
  flush?(): Promise<void>;
};

/**
 * The rest of an accepted message's turn. `held` is false when this attempt does not hold the message: a
 * redelivery of one handled or being handled (nothing is delivered), or a recording that failed (an apology is).
 */
export type AcceptedTurn = ((deliver: Deliver) => Promise<void>) & { held: boolean };

export interface Unanswered { messageId: string; resume: unknown }

/** Sends a reply out of band (DingTalk: through the callback's sessionWebhook). */
export type Deliver = (reply: Reply) => Promise<unknown>;

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
  /**
   * Why the transport cannot receive messages now and will not by itself soon (the platform refused our
   * credentials), for /readyz; undefined while it works or is only reconnecting.
   */
  problem?(): string | undefined;
}

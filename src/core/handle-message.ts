import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { ChatInfo, MemberInfo } from '../../db/repositories/chat-participants.js';
import {
  inboundKey, listUnanswered, markHandled, releaseInbound, type InboundRow,
} from '../../db/repositories/inbound-messages.js';
import type { PlanTask } from '../../db/repositories/tasks.js';
import { commands as defaultCommands } from '../../commands/index.js';
import { ParseCache } from '../query/parse-cache.js';
import { withSpokenCodes } from '../query/spoken-codes.js';
import { ChatDataCache } from './chat-data-cache.js';
import { DEFAULT_TIME_ZONE, shanghaiDate } from './clock.js';
import { createContext } from './context.js';
import { storable } from '../../db/storable.js';
import { createInboundRecorder } from './inbound-recorder.js';
import { silentLogger, type Logger } from './logger.js';
import type { IncomingMessage, PlatformName } from './message.js';
import type { AcceptedTurn, Deliver, MessageHandler } from './platform.js';
import { reply, type Reply } from './reply.js';
import { route, routeReadOnly, type Command, type Routed } from './router.js';
import { stripMention } from './strip-mention.js';

export interface HandlerDeps {
  database: Database;
  /** Injectable clock for tests and `planbot ask --today`. */
  now?: () => Date;
  logger?: Logger;
  /** PLANBOT_ADMINS entries, "platform:userid". */
  admins?: string[];
  timeZone?: string;
  commands?: readonly Command<any>[];
  /**
   * Work out a question while its message is being recorded (see speculate). Default: on a PostgreSQL server,
   * where the round trip leaves this process idle; PGlite runs the statement in this very thread.
   */
  answerEarly?: boolean;
  /** Called after each answered turn (metrics by intent). */
  onTurn?: (turn: ChatTurn, msg: IncomingMessage) => void;
}

/** One answered message: which command answered, its reply, and the tasks the answer is about. */
export interface ChatTurn {
  intent: string;
  reply: Reply;
  tasks: PlanTask[];
}

export const APOLOGY = '抱歉，系统暂时出了点问题，没能处理您的消息。请稍后再试；如果一直这样，请联系工会办公室。';

/**
 * Handles one inbound message and returns the turn, or null for a redelivery (each message acts once).
 *
 * The message is recorded first (batched with concurrent ones, see createInboundRecorder); that statement also
 * reads the catalog version, which keeps the process's cache of plans, tasks, departments, chats and members
 * current. A question is then answered from the cache without touching the database; a command that writes
 * runs in its own transaction (Command.writes), which also marks the message handled. Other turns are marked
 * handled with a later statement.
 *
 * A recorded message that is not marked handled is still being handled, or its handler failed or died. If the
 * turn fails, the user gets an apology and the record is released, so the redelivery (or the same message
 * again) is handled afresh. If the process dies mid-turn, a redelivery takes the record over once the
 * handling lease has passed (HANDLING_LEASE_SECONDS). If the recording itself fails, it may still have
 * committed: the attempt is remembered, and a redelivery to this process takes its own record over at once.
 * Between a crash and the lease, or for a turn whose mark was not yet written when the process died, a
 * message can be answered twice; it is never left unanswered by a failure of ours.
 */
export function createTurnHandler(deps: HandlerDeps): TurnHandler {
  const logger = deps.logger ?? silentLogger;
  const admins = new Set(deps.admins ?? []);
  const commands = deps.commands ?? defaultCommands;
  const cache = new ChatDataCache(deps.database.db);
  const parses = new ParseCache();
  const recorder = createInboundRecorder(deps.database);
  const unsettled = new UnsettledAttempts();
  /** The context of one turn: the message, its chat and sender, the clock, and the cached catalog. */
  const contextFor = (msg: IncomingMessage, row: MessageRow, chat: ChatInfo, member: MemberInfo, text = stripMention(row.text)) => {
    const now = deps.now?.() ?? msg.receivedAt ?? new Date();
    return createContext({
      database: deps.database, db: deps.database.db, message: msg, text, chat, member, logger, now,
      today: shanghaiDate(now, deps.timeZone ?? DEFAULT_TIME_ZONE),
      // On chat platforms admins are configured or listed. The local console is operated by the office: someone
      // without a department there (its default user) acts as the office; choosing a person of the directory
      // who belongs to a department shows what that person may do in the groups.
      isAdmin: member.role === 'admin' || admins.has(`${msg.platform}:${msg.senderId}`)
        || (msg.platform === 'console' && member.departmentId === null),
      // A writing command's writes and the message's handled mark commit together.
      settleIn: (tx) => markHandled(tx, row),
    }, (year) => cache.catalog(year), parses);
  };

  /** The context with a code typed with spaces or Chinese digits ("V4 W5", "V四W五") written as the code, if it is one. */
  const codedContext = async (msg: IncomingMessage, row: MessageRow, chat: ChatInfo, member: MemberInfo) => {
    const ctx = contextFor(msg, row, chat, member);
    const catalog = await ctx.catalog(ctx.today.year);
    // Looked up only for something that reads like a spoken code (rare), not gathered for every message.
    const text = withSpokenCodes(ctx.text, { has: (code) => catalog.tasks.some((t) => t.code === code) });
    return text === ctx.text ? ctx : contextFor(msg, row, chat, member, text);
  };

  /**
   * On a PostgreSQL server the recording statement's round trip leaves this process idle, so a question is
   * worked out meanwhile from the cache, and the answer kept only if that statement read the very catalog
   * version the answer was worked out from. Only when the version, the chat and the sender are already cached,
   * and only for a command that does not write (anything else waits for the recording, as it always did); a
   * failure here just means the answer is worked out again after the recording. Resolves null when the answer
   * cannot be used.
   */
  const answerEarly = deps.answerEarly ?? deps.database.kind === 'postgres';
  const speculate = (msg: IncomingMessage, row: MessageRow, who: Participants): Early | undefined => {
    const version = cache.knownVersion;
    if (!answerEarly || version === null) return undefined;
    const chat = cache.cachedChat(who.chat);
    const member = cache.cachedMember(who.sender);
    if (!chat || !member) return undefined;
    const answer = new Promise<Routed | null>((resolve) => {
      // The driver sends the recording statement from a setImmediate of its own: two turns of the event loop
      // let it go first, so this work overlaps the round trip instead of delaying it.
      setImmediate(() => setImmediate(() => {
        Promise.resolve()
          .then(async () => {
            const ctx = await codedContext(msg, row, chat, member);
            return routeReadOnly(commands, ctx.text, ctx);
          })
          // Read from the cache of `version` only if no reset happened meanwhile.
          .then((routed) => resolve(routed && cache.knownVersion === version ? routed : null), () => resolve(null));
      }));
    });
    return { version, answer };
  };

  /** Records the message; resolves once the record is durable (or failed), with the rest of the turn. */
  const accept = async (msg: IncomingMessage): Promise<RestOfTurn> => {
    const text = storable(typeof msg.text === 'string' ? msg.text : '');
    // Adapters validate ids; a message that still lacks one is refused politely rather than thrown.
    if (![msg.messageId, msg.chatId, msg.senderId].every((v) => typeof v === 'string' && v !== '')) {
      logger.error({ messageId: String(msg.messageId), platform: msg.platform }, 'chat message without ids ignored');
      return notHeld(apologize);
    }
    const row: InboundRow = {
      platform: msg.platform, messageId: storable(msg.messageId), chatExternalId: storable(msg.chatId),
      senderExternalId: storable(msg.senderId), text, attempt: '', resume: msg.resume,
    };
    const who: Participants = {
      chat: { platform: msg.platform, externalId: row.chatExternalId, name: msg.chatName && storable(msg.chatName) },
      sender: { platform: msg.platform, externalId: row.senderExternalId, name: msg.senderName && storable(msg.senderName) },
    };
    const key = inboundKey(row);
    const attempt = row.attempt = unsettled.take(key) ?? randomUUID();
    // Only when nothing else is being recorded: under load the process is busy anyway, and the work ahead of
    // time measurably lowered throughput (bench/webhooks.ts) instead of hiding a round trip.
    const early = recorder.quiet ? speculate(msg, row, who) : undefined;
    const recording = recorder.record(row);
    let recorded;
    try {
      recorded = await recording;
    } catch (err) {
      // The statement may have committed before the connection broke: a redelivery reuses this attempt,
      // and takes the record over if it was so (see recordInboundBatch).
      unsettled.remember(key, attempt);
      logger.error({ err: databaseError(err), messageId: msg.messageId, platform: msg.platform, chatId: msg.chatId },
        'chat message not recorded');
      return notHeld(apologize);
    }
    if (!recorded.fresh) {
      logger.info({ messageId: msg.messageId, platform: msg.platform }, 'duplicate message ignored');
      return notHeld(async () => null);
    }
    // A new catalog version: readings of the old one would never be reused, only keep the old catalog alive.
    if (cache.observe(recorded.version)) parses.clear();
    return Object.assign((deliver?: (turn: ChatTurn) => Promise<unknown>) => answer(msg, row, who, key, attempt, recorded.version, early, deliver),
      { held: true });
  };

  /**
   * The rest of a turn whose message is recorded and held by `attempt`. With `deliver`, the answer is handed to
   * it before the message is marked handled (a writing command's own transaction has marked it already).
   */
  const answer = async (
    msg: IncomingMessage, row: MessageRow, who: Participants, key: string, attempt: string, version: number,
    early: Early | undefined, deliver?: (turn: ChatTurn) => Promise<unknown>,
  ): Promise<ChatTurn> => {
    let turn: ChatTurn;
    try {
      // Kept only if worked out from the very version the recording read; otherwise not even waited for.
      let routed = early && early.version === version ? await early.answer : null;
      if (!routed) {
        const ctx = await codedContext(msg, row, await cache.chat(who.chat), await cache.member(who.sender));
        routed = await route(commands, ctx.text, ctx);
      }
      const { tasks = [], ...visible } = routed.reply;
      turn = { intent: routed.command, reply: visible, tasks };
    } catch (err) {
      logger.error({ err: databaseError(err), messageId: msg.messageId, platform: msg.platform, chatId: msg.chatId }, 'chat message failed');
      try {
        await releaseInbound(deps.database.db, row);
      } catch (releaseErr) {
        // Still held by this attempt: a redelivery to this process reuses it; elsewhere, after the lease.
        unsettled.remember(key, attempt);
        logger.error({ err: databaseError(releaseErr), messageId: msg.messageId, platform: msg.platform },
          'failed message stays held until its redelivery');
      }
      return apologize(deliver);
    }
    try {
      await deliver?.(turn);
    } finally {
      // Only now: a process that dies before this leaves the message to be answered again, never unanswered.
      recorder.handled(row);
    }
    return turn;
  };

  return Object.assign(async (msg: IncomingMessage) => (await accept(msg))(), { accept, flush: () => recorder.flush() });
}

/** The rest of an accepted message's turn; null for a redelivery (nothing is delivered then). See AcceptedTurn. */
type RestOfTurn = ((deliver?: (turn: ChatTurn) => Promise<unknown>) => Promise<ChatTurn | null>) & { held: boolean };
const notHeld = (f: (deliver?: (turn: ChatTurn) => Promise<unknown>) => Promise<ChatTurn | null>): RestOfTurn =>
  Object.assign(f, { held: false });

/**
 * A database error as logged: its name, code and the driver's own message. A failed query's message and
 * properties carry its parameters (a recording batch holds messages and, in resume, DingTalk session tokens).
 */
function databaseError(err: unknown): { name: string; message: string; code?: string } {
  const e = err as { name?: string; message?: string; code?: string; cause?: { message?: string; code?: string } };
  const message = (e?.cause?.message ?? e?.message ?? String(err)).split(/\n\s*params:/)[0]!.slice(0, 300);
  const code = e?.cause?.code ?? e?.code;
  return { name: e?.name ?? 'Error', message, ...(code ? { code } : {}) };
}

/** Handles a message whole, or (accept) records it first and returns the rest of its turn; see MessageHandler.accept. */
export type TurnHandler = ((msg: IncomingMessage) => Promise<ChatTurn | null>) & {
  accept(msg: IncomingMessage): Promise<RestOfTurn>;
  /** Writes pending handled marks now. */
  flush(): Promise<void>;
};

/** An answer being worked out while the message is recorded (null if unusable), and the catalog version it reads. */
interface Early { version: number; answer: Promise<Routed | null> }

/** The chat and the sender of a message, as the cache looks them up. */
interface Participants {
  chat: { platform: IncomingMessage['platform']; externalId: string; name?: string | null };
  sender: { platform: IncomingMessage['platform']; externalId: string; name?: string | null };
}

/** What is recorded of a message, before its handling attempt is chosen. */
type MessageRow = Omit<InboundRow, 'attempt'>;

const apology = (): ChatTurn => ({ intent: 'error', reply: reply(APOLOGY), tasks: [] });
const apologize = async (deliver?: (turn: ChatTurn) => Promise<unknown>): Promise<ChatTurn> => {
  const sorry = apology();
  await deliver?.(sorry);
  return sorry;
};

/** Attempts whose recording failed, by message key: the newest 10,000, kept for an hour. */
class UnsettledAttempts {
  private readonly attempts = new Map<string, { attempt: string; at: number }>();
  remember(key: string, attempt: string): void {
    this.attempts.delete(key);
    this.attempts.set(key, { attempt, at: Date.now() });
    if (this.attempts.size > 10_000) this.attempts.delete(this.attempts.keys().next().value!);
  }
  take(key: string): string | undefined {
    const hit = this.attempts.get(key);
    if (!hit) return undefined;
    this.attempts.delete(key);
    return Date.now() - hit.at < 3_600_000 ? hit.attempt : undefined;
  }
}


/** The MessageHandler platform adapters call: a Reply, or null when the message was already handled. */
export function createMessageHandler(deps: HandlerDeps): MessageHandler {
  const turn = createTurnHandler(deps);
  const visible = (t: ChatTurn | null, msg: IncomingMessage) => {
    if (t) deps.onTurn?.(t, msg);
    return t?.reply ?? null;
  };
  return Object.assign(async (msg: IncomingMessage) => visible(await turn(msg), msg), {
    accept: async (msg: IncomingMessage): Promise<AcceptedTurn> => {
      const rest = await turn.accept(msg);
      return Object.assign(async (deliver: Deliver) => void visible(await rest((t) => deliver(t.reply)), msg), { held: rest.held });
    },
    flush: () => turn.flush(),
    unanswered: (platform: PlatformName) => listUnanswered(deps.database.db, platform),
    abandon: (platform: PlatformName, messageId: string) => releaseInbound(deps.database.db, { platform, messageId }),
  });
}

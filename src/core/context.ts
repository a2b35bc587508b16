import type { Database, DbOrTx } from '../../db/client.js';
import type { ChatInfo, MemberInfo } from '../../db/repositories/chat-participants.js';
import { loadCatalog, type Catalog } from '../query/catalog.js';
import type { ParseCache } from '../query/parse-cache.js';
import { parseQuery, type ParsedQuery } from '../query/parse-query.js';
import type { CalendarDay } from './clock.js';
import type { Logger } from './logger.js';
import type { IncomingMessage } from './message.js';

export type { Logger } from './logger.js';

/** Everything a command may use to answer one message. */
export interface CommandContext {
  database: Database;
  /**
   * The database; inside the handle() of a command that declares `writes`, its transaction (all of the
   * command's writes commit together, or none).
   */
  db: DbOrTx;
  message: IncomingMessage;
  /** The message text with @mentions removed and whitespace trimmed. */
  text: string;
  chat: ChatInfo;
  member: MemberInfo;
  /** In PLANBOT_ADMINS, an admin in the directory, or on the local console. */
  isAdmin: boolean;
  now: Date;
  /** Today in the bot's time zone (Asia/Shanghai). */
  today: CalendarDay;
  logger: Logger;
  /** Active tasks and departments around `year`, loaded once per message. */
  catalog(year: number): Promise<Catalog>;
  /** The message read as a question, parsed once per message. */
  query(): Promise<ParsedQuery>;
  /**
   * The same context inside a transaction: everything, the catalog included, is read through `tx`. (On
   * PGlite, with one connection, a read outside the open transaction would wait for it forever.)
   */
  inTransaction(tx: DbOrTx): CommandContext;
  /** Called by the router inside a writing command's transaction, after handle(): marks the message handled. */
  settleIn?(tx: DbOrTx): Promise<void>;
}

export function createContext(
  init: Omit<CommandContext, 'catalog' | 'query' | 'inTransaction'>,
  /** Where catalogs come from: by default read from `init.db` once per message; the turn handler passes its cache. */
  source?: (year: number) => Promise<Catalog>,
  /** Readings of recent questions to reuse (the turn handler's, along with its catalog cache). */
  parses?: ParseCache,
): CommandContext {
  const catalogs = new Map<number, Promise<Catalog>>();
  let parsed: Promise<ParsedQuery> | undefined;
  const ctx: CommandContext = {
    ...init,
    catalog(year) {
      let c = catalogs.get(year);
      if (!c) catalogs.set(year, c = source ? source(year) : loadCatalog(init.db, year));
      return c;
    },
    query() {
      return parsed ??= (async () => {
        // 我们 is the group's department; in a group not bound to one, the sender's own (a directory person's).
        let own = init.chat.departmentId !== null && init.chat.department
          ? { id: init.chat.departmentId, name: init.chat.department } : null;
        if (!own && init.member.departmentId !== null) {
          const d = (await ctx.catalog(init.today.year)).departments.find((x) => x.id === init.member.departmentId);
          if (d) own = { id: d.id, name: d.name };
        }
        const env = { today: init.today, own, load: (y: number) => ctx.catalog(y) };
        return parses ? parses.parse(init.text, env) : parseQuery(init.text, env);
      })();
    },
    inTransaction: (tx) => createContext({ ...init, db: tx }),
  };
  return ctx;
}

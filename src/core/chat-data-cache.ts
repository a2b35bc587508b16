import type { Db } from '../../db/client.js';
import { ensureChat, ensureMember, type ChatInfo, type MemberInfo } from '../../db/repositories/chat-participants.js';
import type { Platform } from '../../db/repositories/directory.js';
import { loadCatalog, type Catalog } from '../query/catalog.js';

/**
 * What chat answers are read from, kept in the process between messages: the catalog per year (plans, tasks,
 * departments), and the chats and members seen. It is valid for one catalog version (see catalog_version in
 * db/schema.ts): the turn handler reads the version with every message it records and calls observe(), which
 * empties the cache when anything changed, here or in another process.
 *
 * Cached data is shared by every message: it is frozen, so a command that tries to change it fails loudly.
 */
export class ChatDataCache {
  private version: number | null = null;
  /** Bumped on every reset, so a load that started before a reset never lands in the new cache. */
  private generation = 0;
  private catalogs = new Map<number, Promise<Catalog>>();
  private chats = new Map<string, ChatInfo>();
  private members = new Map<string, MemberInfo>();

  constructor(private readonly db: Db) {}

  /** The version the cached data belongs to; null before the first observe(). */
  get knownVersion(): number | null { return this.version; }

  /** Takes note of the current version; drops everything cached if it changed. Returns whether it did. */
  observe(version: number): boolean {
    if (version === this.version) return false;
    this.version = version;
    this.generation++;
    this.catalogs = new Map();
    this.chats = new Map();
    this.members = new Map();
    return true;
  }

  catalog(year: number): Promise<Catalog> {
    const map = this.catalogs;
    let c = map.get(year);
    if (!c) {
      c = loadCatalog(this.db, year).then(deepFreeze);
      map.set(year, c);
      // A failed load (database gone) is not remembered: the next message tries again.
      c.catch(() => { if (map.get(year) === c) map.delete(year); });
    }
    return c;
  }

  /** The cached chat, if it is cached; never reads or writes. */
  cachedChat(c: { platform: Platform; externalId: string }): ChatInfo | undefined {
    return this.chats.get(`${c.platform}:${c.externalId}`);
  }

  /** The cached sender, if it is cached as member() would return it (a name to fill in is not); never reads or writes. */
  cachedMember(m: { platform: Platform; externalId: string; name?: string | null }): MemberInfo | undefined {
    const hit = this.members.get(`${m.platform}:${m.externalId}`);
    return hit && (hit.name || !m.name) ? hit : undefined;
  }

  /** The chat a message came from; created on first sight (see ensureChat). */
  async chat(c: { platform: Platform; externalId: string; name?: string | null }): Promise<ChatInfo> {
    const key = `${c.platform}:${c.externalId}`;
    const hit = this.cachedChat(c);
    if (hit) return hit;
    const generation = this.generation;
    const info = Object.freeze(await ensureChat(this.db, c));
    if (generation === this.generation) this.chats.set(key, info);
    return info;
  }

  /** The sender; created on first sight, a missing name filled in (see ensureMember). */
  async member(m: { platform: Platform; externalId: string; name?: string | null }): Promise<MemberInfo> {
    const key = `${m.platform}:${m.externalId}`;
    const hit = this.cachedMember(m);
    if (hit) return hit;
    const generation = this.generation;
    const info = Object.freeze(await ensureMember(this.db, m));
    if (generation === this.generation) this.members.set(key, info);
    return info;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

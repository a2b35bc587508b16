import type { CalendarDay } from '../core/clock.js';
import { parseQuery, type ParsedQuery, type QueryEnv } from './parse-query.js';

/**
 * Questions read lately, kept between messages: a group's regular questions ("本月任务", "我们的任务") are
 * taken apart once per day, chat department and catalog instead of on every message. A reading is pure in the
 * text, the day, the chat's department and the one catalog it loaded, so a hit is reused only while loading
 * that year gives the very same catalog object (the turn handler's cache hands out one per catalog version).
 * Readings are frozen: a command that changed one would change it for the next message too.
 */
export class ParseCache {
  private readonly entries = new Map<string, Promise<ParsedQuery>>();

  constructor(private readonly max = 500) {}

  async parse(text: string, env: QueryEnv): Promise<ParsedQuery> {
    const key = cacheKey(text, env.today, env.own);
    const hit = this.entries.get(key);
    if (hit) {
      // A failed reading was dropped (below), so a hit settles to a reading.
      const q = await hit;
      if (await env.load(q.time.year) === q.catalog) {
        // Most recently used last: the oldest entry is the first to go.
        this.entries.delete(key);
        this.entries.set(key, hit);
        return q;
      }
      if (this.entries.get(key) === hit) this.entries.delete(key);
    }
    const reading = parseQuery(text, env).then(freezeReading);
    this.entries.set(key, reading);
    reading.catch(() => { if (this.entries.get(key) === reading) this.entries.delete(key); });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return reading;
  }

  /** Forgets every reading (the catalog changed: they would only keep the old one in memory). */
  clear(): void { this.entries.clear(); }

  get size(): number { return this.entries.size; }
}

const cacheKey = (text: string, d: CalendarDay, own: QueryEnv['own']) =>
  `${d.year}-${d.month}-${d.day}\u0000${own ? `${own.id}\u0000${own.name}` : ''}\u0000${text}`;

/** Freezes the reading's own objects; the catalog it points to is the cache's, frozen there. */
function freezeReading(q: ParsedQuery): ParsedQuery {
  const freeze = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v) || v === q.catalog) return;
    Object.freeze(v);
    for (const x of Object.values(v)) freeze(x);
  };
  freeze(q);
  return q;
}

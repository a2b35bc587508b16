import { splitByBytes, type Reply } from './reply.js';

/** Platform size limits in UTF-8 bytes (WeCom 消息推送 doc 99110: text 2048, markdown 4096). */
export const LIMITS = {
  wecomText: 2048,
  wecomMarkdown: 4096,
  // DingTalk documents about 5000 characters for markdown; counted in bytes to stay on the safe side.
  dingtalkMarkdown: 5000,
  dingtalkText: 5000,
} as const;

export interface RenderOptions {
  format: 'text' | 'markdown';
  maxBytes: number;
  /** At most this many messages; lines beyond them are summarised in one closing line. Default 3. */
  maxParts?: number;
}

const CONTINUED = '（续）';
// Room kept in every part for the continuation marker and the closing summary line.
const RESERVE = 160;

/** A character or line start that escapeMarkdown changes (most lines have none). */
const MARKDOWN_SIGN = /[*_`[\]]|^(?:#|>|-|\d+\.)/;

function escapeMarkdown(line: string): string {
  if (!MARKDOWN_SIGN.test(line)) return line;
  // Only the characters that would change meaning at line start or inside a line on WeCom / DingTalk.
  return line.replace(/([*_`[\]])/g, '\\$1').replace(/^(#+|>|-|\d+\.)(\s)/, '\\$1$2');
}

/**
 * Renders a Reply into one or more messages within a platform limit. Messages break only between lines
 * (splitByBytes); when even `maxParts` messages are not enough, the remaining lines are replaced by a
 * count and a hint, never cut mid-line.
 */
export function renderReply(r: Reply, opts: RenderOptions): string[] {
  const md = opts.format === 'markdown';
  const maxParts = Math.max(1, opts.maxParts ?? 3);
  const head = r.title ? [md ? `**${escapeMarkdown(r.title)}**` : r.title] : [];
  const body = r.lines.map((l) => (md ? escapeMarkdown(l) : l));
  const tail = r.footer ? [md ? `> ${escapeMarkdown(r.footer)}` : r.footer] : [];
  const joiner = md ? '  ' : ''; // markdown needs two trailing spaces for a line break on DingTalk
  const lines = [...head, ...body, ...tail].map((l) => l + joiner);
  const budget = Math.max(64, opts.maxBytes - RESERVE);
  let parts = splitByBytes(lines, budget);
  if (parts.length > maxParts) {
    const kept = parts.slice(0, maxParts);
    const shownLines = kept.reduce((n, p) => n + p.split('\n').length, 0);
    const left = lines.length - shownLines;
    kept[kept.length - 1] += `\n……还有 ${left} 行未显示，请加上月份或部门缩小范围后再问。`;
    parts = kept;
  }
  return parts.map((p, i) => (i === 0 ? p : `${CONTINUED}\n${p}`));
}

/** Byte length of a rendered message, for tests and adapters. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

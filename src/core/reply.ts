/**
 * A platform-neutral answer. Commands build it; each platform renders it within its own size limits
 * (WeCom markdown 4096 bytes, text 2048; DingTalk markdown ~5000 chars) by splitting between lines.
 */
export interface Reply {
  /** First line, shown bold where the platform has markdown. */
  title?: string;
  /** Body lines; a line is never cut in the middle when splitting. */
  lines: string[];
  /** Short closing hint, e.g. how to confirm. */
  footer?: string;
}

export function reply(lines: string[] | string, extra: Omit<Reply, 'lines'> = {}): Reply {
  return { lines: Array.isArray(lines) ? lines : lines.split('\n'), ...extra };
}

/** Plain text form: title, lines, footer. */
export function replyText(r: Reply): string {
  return [r.title, ...r.lines, r.footer].filter((x): x is string => x !== undefined && x !== '').join('\n');
}

/**
 * Splits rendered lines into chunks of at most `maxBytes` UTF-8 bytes, breaking only between lines;
 * a single line longer than the limit is broken at character boundaries as a last resort.
 */
export function splitByBytes(lines: string[], maxBytes: number): string[] {
  const chunks: string[] = [];
  let cur = '';
  const size = (s: string) => Buffer.byteLength(s, 'utf8');
  const pushLine = (line: string) => {
    const candidate = cur ? `${cur}\n${line}` : line;
    if (size(candidate) <= maxBytes) { cur = candidate; return; }
    if (cur) chunks.push(cur);
    cur = '';
    if (size(line) <= maxBytes) { cur = line; return; }
    let piece = '';
    for (const ch of line) {
      if (size(piece + ch) > maxBytes) { chunks.push(piece); piece = ''; }
      piece += ch;
    }
    cur = piece;
  };
  for (const l of lines) pushLine(l);
  if (cur) chunks.push(cur);
  return chunks;
}

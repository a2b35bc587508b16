import os from 'node:os';

export interface Figure {
  name: string;
  value: string;
  target?: string;
  /** true met, false missed, undefined informative only. */
  met?: boolean;
  note?: string;
}

export interface Section { title: string; figures: Figure[] }

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1]!, n: s.length };
}

export const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** 1-minute load average: other work on the machine skews every figure, so the results say how busy it was. */
export const loadAverage = () => os.loadavg()[0]!;

export function renderResults(sections: Section[], notes: string[] = []): string {
  const out = [
    '# Benchmark results',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine()}`,
    '- Command: `npm run bench` (rewrites this file)',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  for (const s of sections) {
    out.push(`## ${s.title}`, '', '| measure | result | target | met |', '|---|---|---|---|');
    for (const f of s.figures) {
      const met = f.met === undefined ? '' : f.met ? 'yes' : '**no**';
      out.push(`| ${f.name} | ${f.value} | ${f.target ?? ''} | ${met}${f.note ? ` (${f.note})` : ''} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** What the webhook benchmark asks, as users do in July. */
export const QUESTION = '本月任务';
/** A July 2026 task of the example plan: "本月任务" on 2026-07-10 must name it. */
export const EXPECTED = '送清凉';

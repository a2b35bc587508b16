/**
 * Child process of the fan-out benchmark: the fake WeCom and DingTalk servers (test/fakes, with their
 * signature checks and 20-a-minute-per-robot limits) for many robots, on 127.0.0.1, away from the workers'
 * event loop. Reports when each robot's messages arrived. Run through bench/child.ts.
 */
import { startFakeDingtalk, type FakeDingtalk } from '../test/fakes/dingtalk-fake.js';
import type { RecordedRequest } from '../test/fakes/http-fake.js';
import { startFakeWecom, type FakeWecom } from '../test/fakes/wecom-fake.js';
import { serveChild } from './child.js';

let ding: FakeDingtalk | undefined;
let wecom: FakeWecom | undefined;
/** Arrival times (ms) of pushes, by robot: "wecom:<key>" or "dingtalk:<access_token>". */
const arrivals = new Map<string, number[]>();

function record(platform: string, key: string | undefined) {
  const k = `${platform}:${key ?? ''}`;
  const list = arrivals.get(k);
  if (list) list.push(Date.now());
  else arrivals.set(k, [Date.now()]);
}

/** Keeps the fakes' request logs from growing without bound; arrivals keep what the benchmark needs. */
function hook(received: RecordedRequest[], on: (r: RecordedRequest) => void) {
  const push = received.push.bind(received);
  received.push = (...items: RecordedRequest[]) => {
    for (const r of items) on(r);
    if (received.length > 1000) received.length = 0;
    return push(...items);
  };
}

/** The largest number of arrivals inside any window of `ms`. */
function maxInWindow(times: number[], ms: number): number {
  const s = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[j]! <= s[i]! - ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

serveChild({
  async start(a) {
    const wecomKeys = a.wecomKeys as string[];
    const dingRobots = a.dingRobots as Record<string, string>;
    [wecom, ding] = await Promise.all([startFakeWecom({ keys: wecomKeys }), startFakeDingtalk({ robots: dingRobots })]);
    hook(wecom.received, (r) => { if (r.path === '/cgi-bin/webhook/send') record('wecom', r.query.key); });
    hook(ding.received, (r) => { if (r.path === '/robot/send') record('dingtalk', r.query.access_token); });
    return { wecom: wecom.url, dingtalk: ding.url };
  },
  async report(a) {
    const windowMs = Number(a.windowMs ?? 60_000);
    let total = 0;
    let worst = 0;
    let worstRobot = '';
    let robotsOver = 0;
    let first = Infinity;
    let last = 0;
    const perRobot: Record<string, number> = {};
    for (const [k, times] of arrivals) {
      total += times.length;
      perRobot[k] = times.length;
      const m = maxInWindow(times, windowMs);
      if (m > worst) { worst = m; worstRobot = k; }
      if (m > 20) robotsOver++;
      first = Math.min(first, ...times);
      last = Math.max(last, ...times);
    }
    return { total, robots: arrivals.size, worst, worstRobot, robotsOver, first, last, perRobot };
  },
  async reset() {
    arrivals.clear();
    return null;
  },
});

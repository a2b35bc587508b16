import { benchDatabase, loadExamples } from './pg.js';
import { ChatDataCache } from '../src/core/chat-data-cache.js';
import { createContext } from '../src/core/context.js';
import { route } from '../src/core/router.js';
import { commands } from '../commands/index.js';
import { shanghaiDate } from '../src/core/clock.js';
import { renderDingtalkMarkdown } from '../src/platforms/dingtalk/render-reply.js';
const TODAY = new Date('2026-07-10T10:00:00+08:00');
const database = await benchDatabase('pglite');
await loadExamples(database);
const cache = new ChatDataCache(database.db);
cache.observe(1);
const chat = await cache.chat({ platform: 'dingtalk', externalId: 'c1', name: 'g' });
const member = await cache.member({ platform: 'dingtalk', externalId: 'u1', name: 'x' });
const Q = ['本月任务', '下月任务', '人事处有哪些任务', '全年任务', '体检安排在几月', '第二季度有什么工作','女工委的任务', '机关工会本月任务', '下半年有哪些任务', '疗养什么时候', '帮助', '九月份任务'];
async function run(n: number) {
  for (let i = 0; i < n; i++) {
    const text = Q[i % Q.length]!;
    const ctx = createContext({ database, db: database.db, message: { platform: 'dingtalk', messageId: 'm', chatId: 'c1', chatType: 'group', senderId: 'u1', text, mentionsBot: true } as any,
      text, chat, member, logger: { info() {}, warn() {}, error() {} } as any, now: TODAY, today: shanghaiDate(TODAY), isAdmin: false }, (y) => cache.catalog(y));
    const r = await route(commands, text, ctx);
    renderDingtalkMarkdown(r.reply, undefined);
  }
}
await run(2000);
const c0 = process.cpuUsage(); const t0 = performance.now();
await run(20000);
const c = process.cpuUsage(c0);
console.log('cpu/turn ms', (c.user + c.system) / 1000 / 20000, 'wall', (performance.now() - t0) / 20000);
await database.close();

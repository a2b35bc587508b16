import { createTurnHandler } from '../src/core/handle-message.js';
import { benchDatabase, loadExamples } from '../bench/pg.js';
const TODAY = new Date('2026-07-10T10:00:00+08:00');
const database = await benchDatabase('postgres');
await loadExamples(database);
const turn = createTurnHandler({ database, now: () => TODAY });
let seq = 0;
const Q = ['本月任务', '下月任务', '人事处有哪些任务', '全年任务', '体检安排在几月', '第二季度有什么工作','女工委的任务', '机关工会本月任务', '下半年有哪些任务', '疗养什么时候', '帮助', '九月份任务'];
async function run(n: number) { for (let i = 0; i < n; i++) { seq++; await turn({ platform: 'dingtalk', messageId: 'm'+seq, chatId: 'c'+(seq%20), chatType: 'group', chatName: 'g', senderId: 'u'+(seq%50), senderName: 'x', text: Q[i%Q.length]!, mentionsBot: true, receivedAt: TODAY } as any); } }
await run(300);
const c0 = process.cpuUsage(); const t0 = performance.now();
await run(2000);
const c = process.cpuUsage(c0);
console.log('cpu/turn ms', (c.user+c.system)/1000/2000, 'wall/turn', (performance.now()-t0)/2000);
await database.close();

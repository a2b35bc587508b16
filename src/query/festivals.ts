import { lunarMonth } from '../schedule/lunar-month.js';

/**
 * Festival and season words, with the months the union's activities for them usually fall in (design §3,
 * ../shared/seeds/README "Festival and season words"). Used only when no task title names the festival:
 * "妇女节有什么活动" then answers with March's tasks. Lunar festivals are resolved for the year asked about
 * (中秋 is October in 2025, September in 2026), as the plan import resolves them.
 */
const FESTIVALS: [RegExp, number[] | ((year: number) => number[])][] = [
  [/元旦春节|春节|新春|过年/, [1, 2]],
  [/元旦/, [1]],
  [/元宵/, (y) => [lunarMonth(y, '01-15', 2)]],
  [/三八|妇女节|女神节/, [3]],
  [/植树节/, [3]],
  [/清明/, [4]],
  [/五一|劳动节/, [5]],
  [/五四|青年节/, [5]],
  [/端午/, (y) => [lunarMonth(y, '05-05', 6)]],
  [/六一|儿童节/, [6]],
  [/七一|建党节/, [7]],
  [/八一|建军节/, [8]],
  [/高温|送清凉|防暑|暑期|暑假|夏季|夏天/, [7, 8]],
  [/教师节/, [9]],
  [/中秋国庆|双节/, (y) => [...new Set([lunarMonth(y, '08-15', 9), 10])]],
  [/中秋/, (y) => [lunarMonth(y, '08-15', 9)]],
  [/国庆|十一长假|十一假期|十一期间/, [10]],
  [/重阳/, (y) => [lunarMonth(y, '09-09', 10)]],
  [/冬至|冬季|冬天|寒假/, [12, 1]],
];

/** The months a festival or season word in `text` stands for, or undefined. */
export function festivalMonths(text: string, year: number): { word: string; months: number[] } | undefined {
  for (const [re, months] of FESTIVALS) {
    const m = re.exec(text);
    if (m) return { word: m[0], months: typeof months === 'function' ? months(year) : months };
  }
  return undefined;
}

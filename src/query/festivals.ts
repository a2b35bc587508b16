/**
 * Festival and season words, with the months the union's activities for them usually fall in (design §3,
 * ../shared/seeds/README "Festival and season words"). Used only when no task title names the festival:
 * "妇女节有什么活动" then answers with March's tasks. Lunar festivals use their usual Gregorian months.
 */
const FESTIVALS: [RegExp, number[]][] = [
  [/元旦春节|春节|新春|过年/, [1, 2]],
  [/元旦/, [1]],
  [/三八|妇女节|女神节/, [3]],
  [/植树节/, [3]],
  [/清明/, [4]],
  [/五一|劳动节/, [5]],
  [/五四|青年节/, [5]],
  [/端午/, [6]],
  [/六一|儿童节/, [6]],
  [/七一|建党节/, [7]],
  [/八一|建军节/, [8]],
  [/高温|送清凉|防暑|暑期|暑假|夏季/, [7, 8]],
  [/中秋/, [9]],
  [/国庆|十一长假/, [10]],
  [/重阳/, [10]],
  [/冬至|冬季|寒假/, [12, 1]],
];

/** The months a festival or season word in `text` stands for, or undefined. */
export function festivalMonths(text: string): { word: string; months: number[] } | undefined {
  for (const [re, months] of FESTIVALS) {
    const m = re.exec(text);
    if (m) return { word: m[0], months };
  }
  return undefined;
}

/**
 * Words staff use for the same activity. A question containing one member of a group is also tried with
 * each other member in its place. Longer members are listed first so 三八妇女节 wins over 三八.
 * Keep groups tight: a loose group (慰问 ≈ 福利) makes unrelated tasks match.
 */
export const SYNONYM_GROUPS: readonly string[][] = [
  ['送清凉', '高温慰问', '防暑降温', '夏季慰问', '高温'],
  ['互助保障', '参保', '保障计划', '职工保险', '保险'],
  ['疗休养', '疗养', '休养'],
  ['慰问品', '节日慰问', '过节福利', '节日福利', '福利'],
  ['体检', '健康检查', '身体检查', '查体'],
  ['换届选举', '换届', '选举'],
  ['预决算', '预算', '决算', '经费预算'],
  ['经费审查', '经审', '审计'],
  ['元旦春节', '春节', '新春', '过年', '年货'],
  ['三八妇女节', '妇女节', '三八节', '女神节', '三八', '38节'],
  ['六一儿童节', '儿童节', '六一', '61'],
  ['八一建军节', '建军节', '八一', '81'],
  ['五一劳动节', '劳动节', '五一'],
  ['国庆', '国庆节', '十一'],
  ['先进评选', '评先评优', '评优', '评先', '评比', '评选'],
  ['立功竞赛', '劳动竞赛', '技能竞赛', '竞赛'],
  ['文体活动', '文体', '体育活动', '文艺活动', '运动会'],
  ['兴趣小组', '社团', '俱乐部'],
  ['生日慰问', '生日'],
  ['走访慰问', '慰问走访', '看望', '走访', '送温暖'],
  ['补助', '帮扶', '困难补助', '救助'],
  ['亲子活动', '亲子', '暑期'],
  ['公众开放日', '开放日'],
  ['女职工', '女工', '妇女'],
  ['会员服务卡', '会员卡', '服务卡'],
  ['年报年统', '年报', '统计报表'],
  ['报刊订阅', '订阅报刊', '订报', '报刊'],
  ['联欢', '联欢会', '文艺汇演', '晚会'],
  ['寻访', '参观', '红色之旅'],
  ['招聘会', '招聘', '就业'],
  ['春风行动', '春风'],
];

/** The question chunk itself, then the chunk with each synonym swapped in (original first). */
export function synonymVariants(chunk: string): string[] {
  const out = [chunk];
  for (const group of SYNONYM_GROUPS) {
    const hit = [...group].sort((a, b) => b.length - a.length).find((w) => chunk.includes(w));
    if (!hit) continue;
    for (const other of group) {
      if (other === hit) continue;
      const v = chunk.replace(hit, other);
      if (!out.includes(v)) out.push(v);
      if (!out.includes(other)) out.push(other);
    }
  }
  return out;
}

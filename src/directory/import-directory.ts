import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import { chats, departments, members } from '../../db/schema.js';
import type { Database } from '../../db/client.js';
import { audit } from '../../db/repositories/audit.js';
import { ensureDepartments, listDepartments, mergeDepartment, upsertDepartment, type DroppedConfirmation } from '../../db/repositories/departments.js';
import { upsertChat, upsertMember } from '../../db/repositories/directory.js';
import { UserError } from '../core/errors.js';
import { PLANBOT } from '../core/invocation.js';

const platform = z.enum(['wecom', 'dingtalk', 'console']);
const id = z.union([z.string().min(1), z.number()]).transform(String);

const departmentEntry = z.strictObject({
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  parent: z.string().optional(),
});
const chatEntry = z.strictObject({
  platform, id, name: z.string().optional(), department: z.string().optional(),
  office: z.boolean().default(false),
  push: z.record(z.string(), z.string()).optional(),
});
const memberEntry = z.strictObject({
  platform, id, name: z.string().optional(), mobile: id.optional(), department: z.string().optional(),
  role: z.enum(['admin', 'head', 'staff']).default('staff'),
});

/**
 * The directory file of design §9: departments, chats and members, re-importable (upsert). Strict: a misspelt
 * key (departmnet) would otherwise be dropped without a word, leaving a group without its department.
 */
export const directorySchema = z.strictObject({
  departments: z.array(departmentEntry).default([]),
  chats: z.array(chatEntry).default([]),
  members: z.array(memberEntry).default([]),
});

/** The keys each part of the file may have, for the message about a key that is not one of them. */
const KEYS: Record<string, string[]> = {
  '': Object.keys(directorySchema.shape),
  departments: Object.keys(departmentEntry.shape),
  chats: Object.keys(chatEntry.shape),
  members: Object.keys(memberEntry.shape),
};

/** One problem of the file in Chinese: where (chats 第 2 项的 platform), what, and what is allowed. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const [section, index, ...rest] = issue.path;
  const where = section === undefined ? '文件顶层'
    : typeof index === 'number' ? `${String(section)} 第 ${index + 1} 项${rest.length ? `的 ${rest.join('.')}` : ''}`
      : String(section);
  if (issue.code === 'unrecognized_keys') {
    const allowed = KEYS[typeof index === 'number' ? String(section) : ''] ?? [];
    return `${where}有不认识的字段 ${issue.keys.join('、')}（可能拼写有误；可用的字段：${allowed.join('、')}）`;
  }
  const value = issue.path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined), data);
  if (value === undefined || value === null) return `${where} 缺少，请填写`;
  if (issue.code === 'invalid_value') return `${where} 取值无效，可选 ${issue.values.map(String).join('、')}`;
  if (issue.code === 'invalid_type') return `${where} 类型不对（应为${typeNames[issue.expected] ?? issue.expected}）`;
  return `${where} 取值无效`;
}

const typeNames: Record<string, string> = { string: '文字', number: '数字', boolean: 'true 或 false', array: '列表', object: '键值对' };
export type DirectoryFile = z.infer<typeof directorySchema>;

export async function readDirectoryFile(file: string): Promise<DirectoryFile> {
  if (/\.(?:docx?|txt|md|markdown|pdf|wps)$/i.test(file)) {
    throw new UserError('DIRECTORY_FILE', `${path.basename(file)} 看起来是计划文件，不是通讯录（.yaml）。导入计划请用 ${PLANBOT} import ${path.basename(file)}；`
      + '通讯录的写法见 examples/directory.yaml。');
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError('DIRECTORY_FILE', `找不到通讯录文件：${file}。请检查路径后重试。`);
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new UserError('DIRECTORY_FILE', `通讯录文件格式有误${line ? `（第 ${line} 行附近）` : ''}，请检查 YAML 缩进和冒号。`);
  }
  const parsed = directorySchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    throw new UserError('DIRECTORY_FILE', [
      '通讯录文件内容有误，未导入：',
      ...issues.slice(0, 5).map((i) => `  - ${describeIssue(i, data)}`),
      ...(issues.length > 5 ? [`  （另有 ${issues.length - 5} 处）`] : []),
      '请对照 examples/directory.yaml 修改后重新导入。',
    ].join('\n'));
  }
  const problems = duplicates(parsed.data);
  if (problems.length) {
    throw new UserError('DIRECTORY_FILE', ['通讯录文件中有重复的条目，未导入：', ...problems.map((p) => `  - ${p}`),
      '同一个群、同一个人或同一个部门只能写一次；请合并或删去重复的一项后重新导入。'].join('\n'));
  }
  return parsed.data;
}

const PLATFORM_NAMES: Record<string, string> = { wecom: '企业微信', dingtalk: '钉钉', console: '控制台' };

/** Entries written twice (the second would silently replace the first), and an alias claimed by two departments. */
function duplicates(dir: DirectoryFile): string[] {
  const out: string[] = [];
  const twice = <T>(items: T[], key: (x: T) => string, say: (x: T, first: number, again: number) => string) => {
    const seen = new Map<string, number>();
    items.forEach((x, i) => {
      const k = key(x);
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else out.push(say(x, first, i));
    });
  };
  twice(dir.departments, (d) => d.name.trim(), (d, a, b) => `departments 第 ${a + 1} 项和第 ${b + 1} 项都是部门“${d.name}”`);
  twice(dir.chats, (c) => `${c.platform}\u0000${c.id}`,
    (c, a, b) => `chats 第 ${a + 1} 项和第 ${b + 1} 项是同一个群（${PLATFORM_NAMES[c.platform]} ${c.id}）`);
  twice(dir.members, (m) => `${m.platform}\u0000${m.id}`,
    (m, a, b) => `members 第 ${a + 1} 项和第 ${b + 1} 项是同一个人（${PLATFORM_NAMES[m.platform]} ${m.id}）`);
  const owners = new Map<string, string[]>();
  for (const d of dir.departments) {
    for (const a of new Set((d.aliases ?? []).map((x) => x.trim()).filter(Boolean))) owners.set(a, [...(owners.get(a) ?? []), d.name]);
  }
  for (const [alias, names] of owners) {
    if (names.length > 1) out.push(`别名“${alias}”同时写在${names.join('、')}下，无法判断指哪个部门`);
  }
  return out;
}

export interface DirectoryImportResult {
  departments: number; chats: number; members: number;
  /** Departments a chat or person named that neither the plans nor the file's departments had: made new. */
  newDepartments: string[];
  /**
   * Departments a plan had made of a name the file gives as an alias, folded into that department; with the
   * confirmations dropped where both had recorded the same task window (the better record was kept).
   */
  merged: { alias: string; into: string; replacedConfirmations: DroppedConfirmation[] }[];
  /** Departments named as an alias that were left apart, and why. */
  notMerged: { alias: string; reason: string }[];
  /**
   * The office groups (office: true) after the import, in the order they were registered, with their departments:
   * the first one's department owns the work a plan names no department for (officeDepartment).
   */
  officeChats: { name: string; department: string | null }[];
  /** Departments with work in an active plan and no group to get its reminders (a group rebound elsewhere, say). */
  withoutGroup: string[];
  /**
   * Heads registered before (by an earlier file or 设为负责人 in chat) whom this file's members do not list: they stay
   * heads, as a file is merged in, not a replacement; the office is told, as a head who has left keeps being @-ed.
   * Empty when the file lists no members at all.
   */
  headsNotInFile: { name: string; department: string | null }[];
  /**
   * Departments without a group whose name is another department's name or alias behind a prefix (局工会女工委 and
   * 女职工委员会, alias 女工委): likely the same, but not merged unasked (机关工会女工委 may be a committee of its own).
   */
  maybeSame: { name: string; like: string }[];
}

export async function importDirectory(
  database: Database, dir: DirectoryFile, actor = 'cli',
): Promise<DirectoryImportResult> {
  return database.db.transaction(async (tx) => {
    const ids = new Map<string, number>();
    for (const d of dir.departments) ids.set(d.name, await upsertDepartment(tx, { name: d.name, aliases: d.aliases }));
    for (const d of dir.departments) {
      if (d.parent) {
        const parentId = (await ensureDepartments(tx, [d.parent])).get(d.parent)!;
        await upsertDepartment(tx, { name: d.name, aliases: d.aliases, parentId });
      }
    }
    // The names this file gives as another department's alias (人事处 of 组织人事处, or an old name after a rename).
    const merged: DirectoryImportResult['merged'] = [];
    const notMerged: DirectoryImportResult['notMerged'] = [];
    const declared = new Set(dir.departments.map((d) => d.name.trim()));
    const claims = new Map<string, string[]>();
    for (const d of dir.departments) {
      for (const alias of new Set((d.aliases ?? []).map((a) => a.trim()).filter(Boolean))) {
        if (!declared.has(alias)) claims.set(alias, [...(claims.get(alias) ?? []), d.name]);
      }
    }
    // A chat or person names a department by its name or one of its aliases (人事处 for 组织人事处); a name
    // found nowhere is made a new department, and reported: it is often a typo, which would take the
    // department's real group out of its reminders.
    const known = await listDepartments(tx);
    const newDepartments: string[] = [];
    for (const name of new Set([...dir.chats, ...dir.members].map((x) => x.department?.trim()).filter((x): x is string => !!x))) {
      if (ids.has(name)) continue;
      // An alias this file gives a department of its own (组织人事处 for 人事处) names that department.
      const owner = claims.get(name);
      if (owner?.length === 1) { ids.set(name, ids.get(owner[0]!)!); continue; }
      const found = known.find((d) => d.name === name) ?? onlyOne(known.filter((d) => (d.aliases ?? []).includes(name)));
      if (found) ids.set(name, found.id);
      else newDepartments.push(name);
    }
    for (const [name, deptId] of await ensureDepartments(tx, newDepartments)) ids.set(name, deptId);
    for (const c of dir.chats) {
      await upsertChat(tx, {
        platform: c.platform, externalId: c.id, name: c.name, isOffice: c.office, push: c.push ?? null,
        departmentId: c.department ? ids.get(c.department.trim()) : null,
      });
    }
    for (const m of dir.members) {
      await upsertMember(tx, {
        platform: m.platform, externalId: m.id, name: m.name, mobile: m.mobile, role: m.role,
        departmentId: m.department ? ids.get(m.department.trim()) : null,
      });
    }
    // A plan imported before may have made a department of such a name: its tasks, confirmations, chats and people
    // belong to the department that claims it, and move there. Checked after this file's groups and people took
    // their places (a rename moves the group and the head in the same file). Only a department left with no group
    // or people of its own, and only when one department of the file claims the name: an alias two departments
    // share names neither, and is left for the office to settle.
    for (const [alias, owners] of claims) {
      const stray = (await listDepartments(tx)).find((x) => x.name === alias);
      if (!stray) continue;
      if (owners.length > 1) {
        notMerged.push({ alias, reason: `同时是${owners.join('、')}的别名` });
        continue;
      }
      const into = ids.get(owners[0]!)!;
      if (stray.id === into) continue;
      const [own] = await database.rows<{ n: number }>(sql`select ((select count(*) from chats where department_id = ${stray.id})
        + (select count(*) from members where department_id = ${stray.id}))::int as n`, tx);
      if (own!.n > 0) {
        notMerged.push({ alias, reason: `已有自己的群或人员，是否与${owners[0]}为同一部门请核实` });
        continue;
      }
      const dropped = await mergeDepartment(database, tx, stray.id, into);
      merged.push({ alias, into: owners[0]!, replacedConfirmations: dropped });
    }
    const officeChats = (await tx.select({ name: chats.name, externalId: chats.externalId, department: departments.name }).from(chats)
      .leftJoin(departments, eq(departments.id, chats.departmentId))
      .where(and(eq(chats.isOffice, true), eq(chats.receivesReminders, true))).orderBy(chats.id))
      .map((c) => ({ name: c.name ?? c.externalId, department: c.department }));
    const withoutGroup = (await database.rows<{ name: string }>(sql`select distinct d.name, d.id from departments d
      join task_departments td on td.department_id = d.id join tasks t on t.id = td.task_id
      join plans p on p.id = t.plan_id and p.status = 'active'
      where not exists (select 1 from chats c where c.department_id = d.id and c.receives_reminders)
      order by d.id`, tx)).map((r) => r.name);
    const listed = new Set(dir.members.map((m) => `${m.platform}\u0000${m.id}`));
    const headsNotInFile = !dir.members.length ? [] : (await tx.select({ platform: members.platform, externalId: members.externalId,
      name: members.name, department: departments.name }).from(members).leftJoin(departments, eq(departments.id, members.departmentId))
      .where(eq(members.role, 'head')).orderBy(members.id))
      .filter((m) => !listed.has(`${m.platform}\u0000${m.externalId}`))
      .map((m) => ({ name: m.name ?? m.externalId, department: m.department }));
    // 局工会女工委: a department's name (局工会) before another's alias (女工委). Not 各基层工会 (各基层 names nobody).
    const all = await listDepartments(tx);
    const names = (d: { name: string; aliases: string[] }) => [d.name, ...(d.aliases ?? [])].filter((n) => n.length >= 2);
    const spoken = new Set(all.flatMap(names));
    const maybeSame = withoutGroup.flatMap((name) => {
      const like = all.filter((d) => d.name !== name
        && names(d).some((n) => name.length > n.length && name.endsWith(n) && spoken.has(name.slice(0, -n.length))));
      return like.length === 1 ? [{ name, like: like[0]!.name }] : [];
    });
    const result = {
      departments: dir.departments.length, chats: dir.chats.length, members: dir.members.length, newDepartments, merged, notMerged, officeChats,
      withoutGroup, headsNotInFile, maybeSame,
    };
    await audit(tx, { actor, action: 'directory.import', details: { ...result } });
    return result;
  });
}

const onlyOne = <T>(xs: T[]): T | undefined => (xs.length === 1 ? xs[0] : undefined);

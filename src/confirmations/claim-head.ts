import { audit } from '../../db/repositories/audit.js';
import { setMemberRole, upsertMember } from '../../db/repositories/directory.js';
import type { CommandContext } from '../core/context.js';

/** A head registered by name in chat is now writing with a real id: the role moves onto this member. */
export async function claimHead(ctx: CommandContext, c: { departmentId: number; placeholderId: number }, actor: string) {
  await upsertMember(ctx.db, {
    platform: ctx.message.platform, externalId: ctx.member.externalId, departmentId: c.departmentId, role: 'head',
  });
  await setMemberRole(ctx.db, c.placeholderId, 'staff');
  await audit(ctx.db, {
    actor, action: 'member.claim', subject: ctx.member.name ?? ctx.message.senderId, at: ctx.now,
    details: { memberId: ctx.member.id, placeholderId: c.placeholderId, departmentId: c.departmentId },
  });
}

/**
 * Team rosters through the Bot Framework's paged Teams member API (never the non-paged getMembers,
 * which Teams throttles and truncates for large teams). Used when the app is installed in a team or
 * members change, so the users page knows people before they ever talk to the bot.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { TeamsChannelAccount } from 'botbuilder';
import type { PersonSeen } from '../features/membership/index.js';

const PAGE_SIZE = 500;
/** A guard against a connector that keeps returning a continuation token. */
const MAX_PAGES = 100;

/** A roster entry as the membership feature stores it; null for bots and entries without an Entra id. */
export function personOf(member: Partial<TeamsChannelAccount>, fallbackTenantId: string | undefined): PersonSeen | null {
  const tenantId = member.tenantId ?? fallbackTenantId;
  if (!member.aadObjectId || !tenantId || member.id?.startsWith('28:')) return null;
  return {
    tenantId,
    objectId: member.aadObjectId,
    displayName: member.name ?? '',
    email: member.email ?? member.userPrincipalName ?? null,
    userRole: member.userRole ?? null,
  };
}

/** Every member of the conversation's team (or chat), page by page. */
export async function readRoster(context: TurnContext): Promise<PersonSeen[]> {
  const tenantId =
    context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  const people: PersonSeen[] = [];
  let continuationToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = teamId
      ? await TeamsInfo.getPagedTeamMembers(context, teamId, PAGE_SIZE, continuationToken)
      : await TeamsInfo.getPagedMembers(context, PAGE_SIZE, continuationToken);
    for (const member of result.members ?? []) {
      const person = personOf(member, tenantId);
      if (person) people.push(person);
    }
    continuationToken = result.continuationToken || undefined;
    if (!continuationToken) break;
  }
  return people;
}

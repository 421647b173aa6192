/**
 * What the announcement benchmarks (bench:announce, bench:faults) announce as and to: the admin who sends,
 * and N installations of the bot seeded into the conversations table. One place, so both benchmarks
 * deliver to the same mix of conversations.
 */
import type { UserContext } from '../bot/auth/roles.js';
import type { ConversationsRepository } from '../bot/store/conversations-repository.js';

export const BENCH_ADMIN: UserContext = {
  tenantId: 'bench-tenant',
  objectId: 'bench-admin',
  displayName: 'Bench Admin',
  role: 'ServiceOwnerAdmin',
  institutionId: null,
  lang: 'fi',
};

/**
 * `count` installations: 10 % channels (in `teams` teams, whose first channels are the teams' General
 * channels), 10 % group chats, the rest personal chats. Ids and team names start with `prefix`, so two
 * benchmarks' conversations are told apart. Returns the conversation ids in the order they were seeded.
 */
export async function seedInstallations(
  conversations: ConversationsRepository,
  serviceUrl: string,
  count: number,
  { prefix, teams, teamName }: { prefix: string; teams: number; teamName: string },
): Promise<string[]> {
  const ids: string[] = [];
  const channels = Math.round(count * 0.1);
  const groups = Math.round(count * 0.1);
  for (let i = 0; i < count; i++) {
    const kind = i < channels ? 'channel' : i < channels + groups ? 'groupChat' : 'personal';
    const teamId = kind === 'channel' ? `19:${prefix}-team-${i % teams}@thread.tacv2` : null;
    const id =
      kind === 'channel'
        ? i < teams
          ? (teamId as string)
          : `19:${prefix}-channel-${i}@thread.tacv2`
        : kind === 'groupChat'
          ? `19:${prefix}-group-${i}@thread.v2`
          : `a:${prefix}-personal-${i}`;
    await conversations.upsert({
      id,
      kind,
      tenantId: 'bench-tenant',
      teamId,
      teamName: teamId ? `${teamName} ${i % teams}` : null,
      channelName: kind === 'channel' ? (i < teams ? 'General' : `Channel ${i}`) : null,
      serviceUrl,
      reference: {
        channelId: 'msteams',
        serviceUrl,
        conversation: { id, conversationType: kind, tenantId: 'bench-tenant' },
        bot: { id: '28:bench-bot', name: 'Oppijanumero' },
      },
    });
    ids.push(id);
  }
  return ids;
}

import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationsRepository } from '../store/conversations-repository.js';
import type { UserContext } from '../auth/roles.js';
import type { Logger } from '../log.js';
import { conversationKind } from './activity-input.js';

export interface InstallationTracker {
  recordInstall(activity: Partial<Activity>): Promise<void>;
  recordUninstall(activity: Partial<Activity>): Promise<void>;
  recordChannel(activity: Partial<Activity>): Promise<void>;
  forgetConversation(conversationId: string): Promise<void>;
  forgetTeam(teamId: string): Promise<void>;
  /** Remembers a user's personal chat so features can reach them later (ticket answers, status changes). */
  rememberUser(activity: Partial<Activity>, user: UserContext): Promise<void>;
}

interface TeamsChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  tenant?: { id?: string };
}

/**
 * Keeps the table of places the app is installed in. A team install is stored by its channel id
 * (the General channel's id equals the team id); channels created later are added as they appear.
 */
export function createInstallationTracker(
  conversations: ConversationsRepository,
  logger: Logger,
  hooks: { onInstalled?: (kind: 'personal' | 'groupChat' | 'channel') => void } = {},
): InstallationTracker {
  const knownUsers = new Set<string>();

  async function store(activity: Partial<Activity>, overrideChannel?: { id: string; name?: string | undefined }): Promise<void> {
    const reference = TurnContext.getConversationReference(activity);
    const channelData = (activity.channelData ?? {}) as TeamsChannelData;
    const kind = conversationKind(activity);
    const baseId = (activity.conversation?.id ?? '').split(';messageid=')[0] ?? '';
    const id = overrideChannel?.id ?? (kind === 'channel' ? (channelData.channel?.id ?? channelData.team?.id ?? baseId) : baseId);
    if (!id || !activity.serviceUrl) return;
    const conversation = { ...reference.conversation, id } as typeof reference.conversation;
    await conversations.upsert({
      id,
      kind,
      tenantId: activity.conversation?.tenantId ?? channelData.tenant?.id ?? null,
      teamId: channelData.team?.id ?? null,
      teamName: channelData.team?.name ?? null,
      channelName: overrideChannel?.name ?? channelData.channel?.name ?? (kind === 'channel' && id === channelData.team?.id ? 'General' : null),
      serviceUrl: activity.serviceUrl,
      reference: { ...reference, conversation, activityId: undefined } as unknown as Record<string, unknown>,
    });
    logger.info({ conversationId: id, kind }, 'installation recorded');
    hooks.onInstalled?.(kind);
  }

  return {
    recordInstall: (activity) => store(activity),
    async recordUninstall(activity) {
      const channelData = (activity.channelData ?? {}) as TeamsChannelData;
      if (channelData.team?.id) await conversations.deactivateTeam(channelData.team.id);
      const id = (activity.conversation?.id ?? '').split(';messageid=')[0];
      if (id) await conversations.deactivate(id);
      logger.info({ conversationId: id }, 'installation removed');
    },
    async recordChannel(activity) {
      const channel = ((activity.channelData ?? {}) as TeamsChannelData).channel;
      if (channel?.id) await store(activity, { id: channel.id, name: channel.name });
    },
    forgetConversation: (id) => conversations.deactivate(id),
    forgetTeam: (teamId) => conversations.deactivateTeam(teamId),
    async rememberUser(activity, user) {
      if (conversationKind(activity) !== 'personal') return;
      const conversationId = activity.conversation?.id;
      if (!conversationId) return;
      // The locale is part of the key: a user who switches Teams' language gets notifications in the new one.
      const key = `${user.tenantId}/${user.objectId}/${conversationId}/${activity.locale ?? ''}`;
      if (knownUsers.has(key)) return;
      await store(activity);
      await conversations.rememberUserConversation(user.tenantId, user.objectId, conversationId, activity.locale ?? null);
      knownUsers.add(key);
    },
  };
}

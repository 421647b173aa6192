import { createHash } from 'node:crypto';
import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationsRepository, StoredConversation } from '../store/conversations-repository.js';
import type { UserContext } from '../auth/roles.js';
import type { Logger } from '../log.js';
import { LruCache } from '../lru-cache.js';
import { conversationKind } from './activity-input.js';

/** How many users' personal chats are remembered as already stored (the rest are written again once). */
export const DEFAULT_MAX_KNOWN_USERS = 10_000;

export interface InstallationTrackerOptions {
  onInstalled?: (kind: 'personal' | 'groupChat' | 'channel') => void;
  /** Bound of the in-memory "already stored, unchanged" cache of rememberUser. */
  maxKnownUsers?: number;
}

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
  hooks: InstallationTrackerOptions = {},
): InstallationTracker {
  // Per user (tenant/object id): a hash of what rememberUser last stored. A turn whose conversation row
  // and user mapping would be written unchanged skips the database; any change (another chat, locale,
  // serviceUrl, name in the reference) writes again. Bounded: a forgotten user is simply written once more.
  const knownUsers = new LruCache<string, string>(hooks.maxKnownUsers ?? DEFAULT_MAX_KNOWN_USERS);

  type ConversationRow = Omit<StoredConversation, 'active'>;

  function conversationRow(
    activity: Partial<Activity>,
    overrideChannel?: { id: string; name?: string | undefined },
  ): ConversationRow | null {
    const reference = TurnContext.getConversationReference(activity);
    const channelData = (activity.channelData ?? {}) as TeamsChannelData;
    const kind = conversationKind(activity);
    const baseId = (activity.conversation?.id ?? '').split(';messageid=')[0] ?? '';
    const id = overrideChannel?.id ?? (kind === 'channel' ? (channelData.channel?.id ?? channelData.team?.id ?? baseId) : baseId);
    if (!id || !activity.serviceUrl) return null;
    const conversation = { ...reference.conversation, id } as typeof reference.conversation;
    return {
      id,
      kind,
      tenantId: activity.conversation?.tenantId ?? channelData.tenant?.id ?? null,
      teamId: channelData.team?.id ?? null,
      teamName: channelData.team?.name ?? null,
      channelName:
        overrideChannel?.name ?? channelData.channel?.name ?? (kind === 'channel' && id === channelData.team?.id ? 'General' : null),
      serviceUrl: activity.serviceUrl,
      reference: { ...reference, conversation, activityId: undefined } as unknown as Record<string, unknown>,
    };
  }

  async function storeRow(row: ConversationRow | null): Promise<void> {
    if (!row) return;
    await conversations.upsert(row);
    logger.info({ conversationId: row.id, kind: row.kind }, 'installation recorded');
    hooks.onInstalled?.(row.kind);
  }

  const store = (activity: Partial<Activity>, overrideChannel?: { id: string; name?: string | undefined }) =>
    storeRow(conversationRow(activity, overrideChannel));

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
      const row = conversationRow(activity);
      // The locale is part of what is stored: a user who switches Teams' language gets notifications in the new one.
      const locale = activity.locale ?? null;
      const identity = `${user.tenantId}/${user.objectId}`;
      const content = createHash('sha256')
        .update(JSON.stringify([row, conversationId, locale]))
        .digest('base64');
      if (knownUsers.get(identity) === content) return;
      await storeRow(row);
      await conversations.rememberUserConversation(user.tenantId, user.objectId, conversationId, locale);
      knownUsers.set(identity, content);
    },
  };
}

import type { Store } from './db.js';
import { nowIso } from './db.js';
import type { ConversationsTable } from './tables/core.js';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** A stored place the bot can post to later (install tracking). `reference` is opaque to features. */
export interface StoredConversation {
  id: string;
  kind: ConversationKind;
  tenantId: string | null;
  teamId: string | null;
  teamName: string | null;
  channelName: string | null;
  serviceUrl: string;
  reference: Record<string, unknown>;
  active: boolean;
}

export function createConversationsRepository(store: Store) {
  const { db } = store;
  const toConversation = (r: ConversationsTable): StoredConversation => ({
    id: r.id,
    kind: r.kind as ConversationKind,
    tenantId: r.tenant_id,
    teamId: r.team_id,
    teamName: r.team_name,
    channelName: r.channel_name,
    serviceUrl: r.service_url,
    reference: JSON.parse(r.reference) as Record<string, unknown>,
    active: r.active === 1,
  });
  return {
    async upsert(conversation: Omit<StoredConversation, 'active'>): Promise<void> {
      const now = nowIso();
      const values = {
        id: conversation.id,
        kind: conversation.kind,
        tenant_id: conversation.tenantId,
        team_id: conversation.teamId,
        team_name: conversation.teamName,
        channel_name: conversation.channelName,
        service_url: conversation.serviceUrl,
        reference: JSON.stringify(conversation.reference),
        active: 1,
        installed_at: now,
        updated_at: now,
      };
      const { installed_at: _keepFirstInstall, id: _id, ...update } = values;
      await db
        .insertInto('conversations')
        .values(values)
        .onConflict((oc) => oc.column('id').doUpdateSet(update))
        .execute();
    },
    /** Marks a conversation (or every channel of a team) as no longer reachable; rows are kept for reports. */
    async deactivate(id: string): Promise<void> {
      await db.updateTable('conversations').set({ active: 0, updated_at: nowIso() }).where('id', '=', id).execute();
    },
    async deactivateTeam(teamId: string): Promise<void> {
      await db.updateTable('conversations').set({ active: 0, updated_at: nowIso() }).where('team_id', '=', teamId).execute();
    },
    async get(id: string): Promise<StoredConversation | undefined> {
      const row = await db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toConversation(row) : undefined;
    },
    /** Id of the oldest active channel with this name (local mode: the Playground team's General). */
    async findChannelByName(name: string): Promise<string | null> {
      const row = await db
        .selectFrom('conversations')
        .select('id')
        .where('kind', '=', 'channel')
        .where('channel_name', '=', name)
        .where('active', '=', 1)
        .orderBy('installed_at')
        .executeTakeFirst();
      return row?.id ?? null;
    },
    async listActive(): Promise<StoredConversation[]> {
      const rows = await db.selectFrom('conversations').selectAll().where('active', '=', 1).orderBy('installed_at').execute();
      return rows.map(toConversation);
    },
    async rememberUserConversation(tenantId: string, objectId: string, conversationId: string, locale: string | null): Promise<void> {
      const values = { tenant_id: tenantId, object_id: objectId, conversation_id: conversationId, locale, updated_at: nowIso() };
      await db
        .insertInto('user_conversations')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'object_id']).doUpdateSet({ conversation_id: conversationId, locale, updated_at: values.updated_at }),
        )
        .execute();
    },
    async findUserConversation(tenantId: string, objectId: string): Promise<{ conversationId: string; locale: string | null } | undefined> {
      const row = await db
        .selectFrom('user_conversations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('object_id', '=', objectId)
        .executeTakeFirst();
      return row ? { conversationId: row.conversation_id, locale: row.locale } : undefined;
    },
  };
}
export type ConversationsRepository = ReturnType<typeof createConversationsRepository>;

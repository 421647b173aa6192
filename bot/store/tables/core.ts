export interface InstitutionsTable {
  id: string;
  name_fi: string;
  name_sv: string;
  name_en: string;
  organisation_oid: string;
  /** university | uas | other */
  type: string;
  created_at: string;
}

export interface AppUsersTable {
  tenant_id: string;
  object_id: string;
  display_name: string;
  /** ServiceOwnerAdmin | InstitutionAdmin | Vendor | Participant */
  role: string;
  institution_id: string | null;
  locale: string | null;
  updated_at: string;
}

export interface ConversationsTable {
  id: string;
  /** personal | groupChat | channel */
  kind: string;
  tenant_id: string | null;
  team_id: string | null;
  team_name: string | null;
  channel_name: string | null;
  service_url: string;
  /** JSON of the botbuilder ConversationReference. */
  reference: string;
  active: number;
  installed_at: string;
  updated_at: string;
}

export interface UserConversationsTable {
  tenant_id: string;
  object_id: string;
  conversation_id: string;
  locale: string | null;
  updated_at: string;
}

/** A person's Teams profile as the bot last saw it (name from the activity, e-mail from the roster when Teams gives one). */
export interface UserProfilesTable {
  tenant_id: string;
  object_id: string;
  display_name: string;
  email: string | null;
  updated_at: string;
}

export interface CoreTables {
  user_profiles: UserProfilesTable;
  institutions: InstitutionsTable;
  app_users: AppUsersTable;
  conversations: ConversationsTable;
  user_conversations: UserConversationsTable;
}

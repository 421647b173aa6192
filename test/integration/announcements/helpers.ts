/** Shared set-up for the announcements suites: installs, people, a scripted messenger, drafts. */
import type { Store } from '../../../bot/store/db.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import { createLogger } from '../../../bot/log.js';
import { createConversationsRepository, type ConversationKind } from '../../../bot/store/conversations-repository.js';
import type { Messenger, Reply } from '../../../bot/features/types.js';
import type { Lang } from '../../../bot/i18n/index.js';
import { checkDraft, rawFromForm } from '../../../bot/features/announcements/validation.js';
import type { FormValues } from '../../../bot/features/announcements/cards.js';
import { makeUser } from '../../helpers/fakes.js';

export const silentLogger = createLogger({ level: 'silent' });
export const SERVICE_CHANNEL = '19:service-channel@thread.tacv2';
export const INSTITUTION_A = 'inst-a';
export const INSTITUTION_B = 'inst-b';

export const people = {
  admin: makeUser('ServiceOwnerAdmin', { objectId: 'oph-admin-1', displayName: 'OPH Admin One' }),
  admin2: makeUser('ServiceOwnerAdmin', { objectId: 'oph-admin-2', displayName: 'OPH Admin Two' }),
  instA: makeUser('InstitutionAdmin', { objectId: 'inst-a-admin', displayName: 'Anna A', institutionId: INSTITUTION_A }),
  instB: makeUser('InstitutionAdmin', { objectId: 'inst-b-admin', displayName: 'Bertil B', institutionId: INSTITUTION_B, lang: 'sv' }),
  vendor: makeUser('Vendor', { objectId: 'vendor-1', displayName: 'Vendor V', institutionId: INSTITUTION_B }),
  participant: makeUser('Participant', { objectId: 'participant-1', displayName: 'Pat P', lang: 'en' }),
} satisfies Record<string, UserContext>;

export async function seedPeople(store: Store): Promise<void> {
  await store.db
    .insertInto('institutions')
    .values([
      {
        id: INSTITUTION_A,
        name_fi: 'Testiyliopisto A',
        name_sv: 'Testuniversitetet A',
        name_en: 'Test University A',
        organisation_oid: '1.2.246.562.10.00000000911',
        type: 'university',
        created_at: '2026-01-01T00:00:00.000Z',
      },
      {
        id: INSTITUTION_B,
        name_fi: 'Testiammattikorkeakoulu B',
        name_sv: 'Testyrkeshögskolan B',
        name_en: 'Test UAS B',
        organisation_oid: '1.2.246.562.10.00000000912',
        type: 'uas',
        created_at: '2026-01-01T00:00:00.000Z',
      },
    ])
    .execute();
  for (const user of Object.values(people)) {
    await store.db
      .insertInto('app_users')
      .values({
        tenant_id: user.tenantId,
        object_id: user.objectId,
        display_name: user.displayName ?? '',
        role: user.role,
        institution_id: user.institutionId,
        locale: null,
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
  }
}

export interface SeedOptions {
  serviceUrl?: string;
  channels?: number;
  teams?: number;
  groups?: number;
  personal?: number;
  withServiceChannel?: boolean;
}

/** Stored installations: `channels` channels spread over `teams` teams, group chats and personal chats. */
export async function seedConversations(store: Store, options: SeedOptions = {}): Promise<string[]> {
  const conversations = createConversationsRepository(store);
  const serviceUrl = options.serviceUrl ?? 'http://127.0.0.1:9/';
  const ids: string[] = [];
  const add = async (id: string, kind: ConversationKind, teamId: string | null, teamName: string | null, channelName: string | null) => {
    await conversations.upsert({
      id,
      kind,
      tenantId: 'tenant-test',
      teamId,
      teamName,
      channelName,
      serviceUrl,
      reference: {
        channelId: 'msteams',
        serviceUrl,
        conversation: { id, conversationType: kind, isGroup: kind !== 'personal', tenantId: 'tenant-test' },
        bot: { id: '28:bot-test', name: 'Oppijanumero' },
      },
    });
    ids.push(id);
  };
  if (options.withServiceChannel !== false) await add(SERVICE_CHANNEL, 'channel', SERVICE_CHANNEL, 'OPH Oppijanumeropalvelu', 'General');
  const teams = Math.max(1, options.teams ?? 2);
  for (let i = 0; i < (options.channels ?? 0); i++) {
    const team = i % teams;
    const teamId = `19:team-${team}@thread.tacv2`;
    const id = i < teams ? teamId : `19:chan-${i}@thread.tacv2`;
    await add(id, 'channel', teamId, `Team ${team}`, i < teams ? 'General' : `Channel ${i}`);
  }
  for (let i = 0; i < (options.groups ?? 0); i++) await add(`19:group-${i}@thread.v2`, 'groupChat', null, null, null);
  for (let i = 0; i < (options.personal ?? 0); i++) await add(`a:personal-${i}`, 'personal', null, null, null);
  return ids;
}

export function form(overrides: FormValues = {}): FormValues {
  return {
    titleFi: 'Yleistunnisteen virhekoodit muuttuvat',
    bodyFi: 'Rajapinta palauttaa 1.12.2026 alkaen uudet virhekoodit. Päivittäkää käsittely.',
    titleSv: 'Felkoderna för allmän identifierare ändras',
    bodySv: 'Gränssnittet returnerar nya felkoder från och med 1.12.2026.',
    category: 'breaking',
    effectiveDate: '2026-12-01',
    interfaces: 'yleistunniste,oppija-controller',
    link: 'https://wiki.eduuni.fi/display/ONR',
    audienceKind: 'all',
    ...overrides,
  };
}

export function draft(overrides: FormValues = {}, now = new Date('2026-11-26T10:00:00Z')) {
  const { draft: checked, problems } = checkDraft(rawFromForm(form(overrides)), now);
  if (!checked) throw new Error(`test draft invalid: ${problems.map((p) => p.code).join(', ')}`);
  return checked;
}

export interface Call {
  op: 'send' | 'reply' | 'update' | 'delete';
  conversationId: string;
  activityId?: string;
  threadRootId?: string;
  reply?: Reply;
  at: number;
}

/** The call reaches "Teams" (the message is stored) but its answer never comes back. */
export const DELIVERED_THEN_HANG = Symbol('delivered-then-hang');

export type Script = (call: Call, index: number) => void | Error | Promise<void> | typeof DELIVERED_THEN_HANG;

/**
 * A Messenger whose outcome per call a test scripts: return an Error to fail the call, a promise to
 * delay it (e.g. one that never settles, to model a process that dies mid-send). Counts deliveries
 * per (conversation, announcement) like the fake connector does.
 */
export class ScriptedMessenger implements Messenger {
  readonly calls: Call[] = [];
  readonly delivered = new Map<string, number>();
  private counter = 0;
  script: Script = () => undefined;

  constructor(private readonly now: () => number = Date.now) {}

  private async run(call: Call, deliver: () => void = () => undefined): Promise<void> {
    this.calls.push(call);
    const outcome = this.script(call, this.calls.length - 1);
    if (outcome instanceof Error) throw outcome;
    if (outcome === DELIVERED_THEN_HANG) {
      deliver();
      await new Promise<void>(() => undefined);
    }
    if (outcome) await outcome;
  }

  private marker(reply: Reply | undefined): string {
    const match = reply?.kind === 'card' ? /"announcementId":"([^"]+)"/.exec(JSON.stringify(reply.card)) : null;
    return match?.[1] ?? 'none';
  }

  async send(conversationId: string, reply: Reply) {
    const key = `${conversationId}|${this.marker(reply)}`;
    let counted = false;
    const deliver = () => {
      counted = true;
      this.delivered.set(key, (this.delivered.get(key) ?? 0) + 1);
    };
    await this.run({ op: 'send', conversationId, reply, at: this.now() }, deliver);
    const activityId = `act-${++this.counter}`;
    if (!counted) deliver();
    return {
      activityId,
      conversationId:
        conversationId.startsWith('19:') && !conversationId.includes('group')
          ? `${conversationId};messageid=${activityId}`
          : conversationId,
    };
  }
  async reply(conversationId: string, threadRootId: string, reply: Reply) {
    await this.run({ op: 'reply', conversationId, threadRootId, reply, at: this.now() });
    return { activityId: `act-${++this.counter}` };
  }
  async update(conversationId: string, activityId: string, reply: Reply) {
    await this.run({ op: 'update', conversationId, activityId, reply, at: this.now() });
  }
  async delete(conversationId: string, activityId: string) {
    await this.run({ op: 'delete', conversationId, activityId, at: this.now() });
  }
  async sendToUser(_user: { tenantId: string; objectId: string }, _reply: (lang: Lang) => Reply) {
    return false;
  }

  /** Posts (op send carrying an announcement card) per conversation for one announcement. */
  postsTo(announcementId: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, n] of this.delivered) {
      const [conversation, marker] = key.split('|');
      if (marker === announcementId) out.set(conversation!, n);
    }
    return out;
  }
}

/** Resolves when `condition` holds, polling every 10 ms (real time), or rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

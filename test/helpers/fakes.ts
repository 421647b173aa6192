/** Hand-written fakes shared by feature tests: users, turn inputs and a recording messenger. */
import type { Role, UserContext } from '../../bot/auth/roles.js';
import type { Lang } from '../../bot/i18n/index.js';
import type { Messenger, Reply, TurnInput } from '../../bot/features/types.js';

export const TEST_TENANT = '00000000-0000-0000-0000-0000000000aa';

export function makeUser(role: Role, overrides: Partial<UserContext> = {}): UserContext {
  return {
    tenantId: TEST_TENANT,
    objectId: `user-${role.toLowerCase()}`,
    displayName: `Test ${role}`,
    role,
    institutionId: role === 'InstitutionAdmin' ? 'inst-test' : null,
    lang: 'fi',
    ...overrides,
  };
}

export function makeTurn(overrides: Partial<TurnInput> & { user?: UserContext } = {}): TurnInput {
  const user = overrides.user ?? makeUser('Participant');
  const lang: Lang = overrides.lang ?? user.lang;
  return {
    user,
    lang,
    text: '',
    conversation: { id: 'a:personal-chat', kind: 'personal', teamId: null, threadRootId: null },
    activityId: `act-${Math.random().toString(36).slice(2)}`,
    now: new Date('2026-11-26T10:00:00Z'),
    ...overrides,
  };
}

export interface SentMessage {
  op: 'send' | 'reply' | 'update' | 'delete' | 'sendToUser';
  conversationId: string;
  activityId?: string;
  threadRootId?: string;
  reply?: Reply;
}

/** Records every proactive call; `failNext` makes the next call throw (to test fault handling). */
export class FakeMessenger implements Messenger {
  readonly sent: SentMessage[] = [];
  private counter = 0;
  failNext: Error | null = null;
  /** Users with no personal conversation: sendToUser returns false for them. */
  unreachableUsers = new Set<string>();

  private check(): void {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
  }
  async send(conversationId: string, reply: Reply) {
    this.check();
    const activityId = `sent-${++this.counter}`;
    this.sent.push({ op: 'send', conversationId, activityId, reply });
    return {
      activityId,
      conversationId: conversationId.includes(';messageid=') ? conversationId : `${conversationId};messageid=${activityId}`,
    };
  }
  async reply(conversationId: string, threadRootId: string, reply: Reply) {
    this.check();
    const activityId = `sent-${++this.counter}`;
    this.sent.push({ op: 'reply', conversationId, threadRootId, activityId, reply });
    return { activityId };
  }
  async update(conversationId: string, activityId: string, reply: Reply) {
    this.check();
    this.sent.push({ op: 'update', conversationId, activityId, reply });
  }
  async delete(conversationId: string, activityId: string) {
    this.check();
    this.sent.push({ op: 'delete', conversationId, activityId });
  }
  async sendToUser(user: { tenantId: string; objectId: string }, reply: (lang: Lang) => Reply) {
    this.check();
    if (this.unreachableUsers.has(user.objectId)) return false;
    this.sent.push({ op: 'sendToUser', conversationId: `personal:${user.objectId}`, reply: reply('fi') });
    return true;
  }
}

import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Messenger, Reply } from '../features/types.js';
import type { ConversationsRepository } from '../store/conversations-repository.js';
import { langFromLocale } from '../i18n/index.js';
import { AppError } from '../errors.js';
import { toActivity } from './reply.js';

/**
 * Proactive messaging for features, over stored conversation references. A service URL is only used
 * if the allow-list accepts it: stored references become targets of authenticated calls.
 */
export function createMessenger(deps: {
  adapter: CloudAdapter;
  appId: string;
  conversations: ConversationsRepository;
  isAllowedServiceUrl: (url: string) => boolean;
}): Messenger {
  const { adapter, appId, conversations } = deps;

  async function referenceFor(conversationId: string): Promise<Partial<ConversationReference>> {
    const [baseId] = conversationId.split(';messageid=');
    const stored = await conversations.get(baseId ?? conversationId);
    if (!stored) throw new AppError('NOT_FOUND', 'unknown conversation');
    if (!deps.isAllowedServiceUrl(stored.serviceUrl)) throw new AppError('FORBIDDEN', 'service URL not allowed');
    const reference = stored.reference as Partial<ConversationReference>;
    return { ...reference, conversation: { ...reference.conversation!, id: conversationId } };
  }

  async function withConversation<T>(conversationId: string, work: (context: TurnContext) => Promise<T>): Promise<T> {
    const reference = await referenceFor(conversationId);
    let result: T | undefined;
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      result = await work(context);
    });
    return result as T;
  }

  const messenger: Messenger = {
    async send(conversationId, reply: Reply) {
      const response = await withConversation(conversationId, (context) => context.sendActivity(toActivity(reply)));
      const activityId = response?.id ?? '';
      const isChannelRoot = !conversationId.includes(';messageid=');
      return { activityId, conversationId: isChannelRoot ? `${conversationId};messageid=${activityId}` : conversationId };
    },
    async reply(conversationId, threadRootId, reply) {
      const threadId = `${conversationId.split(';messageid=')[0]};messageid=${threadRootId}`;
      const response = await withConversation(threadId, (context) => context.sendActivity({ ...toActivity(reply), replyToId: threadRootId }));
      return { activityId: response?.id ?? '' };
    },
    async update(conversationId, activityId, reply) {
      await withConversation(conversationId, (context) => context.updateActivity({ ...toActivity(reply), id: activityId }));
    },
    async delete(conversationId, activityId) {
      await withConversation(conversationId, (context) => context.deleteActivity(activityId));
    },
    async sendToUser(user, reply) {
      const found = await conversations.findUserConversation(user.tenantId, user.objectId);
      if (!found) return false;
      await messenger.send(found.conversationId, reply(langFromLocale(found.locale)));
      return true;
    },
  };
  return messenger;
}

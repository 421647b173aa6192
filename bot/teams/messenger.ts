import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { DeliveryError, type Messenger, type Reply } from '../features/types.js';
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
    let failure: { error: unknown } | null = null;
    try {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        // Caught here: an error escaping this callback would go to adapter.onTurnError and be swallowed.
        try {
          result = await work(context);
        } catch (error) {
          failure = { error };
        }
      });
    } catch (error) {
      failure = { error };
    }
    if (failure) throw toDeliveryError((failure as { error: unknown }).error);
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
      const response = await withConversation(threadId, (context) =>
        context.sendActivity({ ...toActivity(reply), replyToId: threadRootId }),
      );
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

/**
 * Connector failures as features see them: DeliveryError(status, Retry-After seconds, Teams sub-code).
 * The adapter's HTTP client already throws DeliveryError; an SDK RestError (other paths) is mapped
 * here. Anything without an HTTP status (network, timeout) is passed through unchanged.
 */
export function toDeliveryError(error: unknown): unknown {
  if (error instanceof DeliveryError) return error;
  const candidate = error as {
    statusCode?: unknown;
    code?: unknown;
    response?: { headers?: { get?(name: string): string | undefined }; bodyAsText?: string | null };
  } | null;
  if (candidate && typeof candidate.statusCode === 'number') {
    const header = candidate.response?.headers?.get?.('retry-after');
    const seconds = header !== undefined && Number.isFinite(Number(header)) ? Number(header) : null;
    let subCode: string | null = null;
    try {
      const body = JSON.parse(candidate.response?.bodyAsText ?? '') as { error?: { code?: unknown } };
      if (typeof body.error?.code === 'string') subCode = body.error.code;
    } catch {
      if (typeof candidate.code === 'string' && /^[A-Za-z]\w{0,80}$/.test(candidate.code)) subCode = candidate.code;
    }
    return new DeliveryError(candidate.statusCode, seconds, subCode);
  }
  return error;
}

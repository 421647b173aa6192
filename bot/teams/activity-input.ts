import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationInfo } from '../features/types.js';
import type { ConversationKind } from '../store/conversations-repository.js';
import type { Identity } from '../auth/roles.js';

/** The longest text we look at; longer pastes are cut here, once, before any feature sees them. */
export const MAX_INPUT_CHARS = 5000;

export function conversationKind(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

export function conversationInfo(activity: Partial<Activity>): ConversationInfo {
  const id = activity.conversation?.id ?? '';
  const kind = conversationKind(activity);
  const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string } };
  const threadMatch = /;messageid=(.+)$/.exec(id);
  return {
    id,
    kind,
    teamId: channelData.team?.id ?? null,
    threadRootId: threadMatch?.[1] ?? (kind === 'channel' ? (activity.replyToId ?? activity.id ?? null) : null),
  };
}

/** Identity from the authenticated activity: tenant + Entra object id, never a display name. */
export function identityOf(activity: Partial<Activity>): Identity | null {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  const tenantId = activity.conversation?.tenantId ?? channelData.tenant?.id;
  const objectId = activity.from?.aadObjectId;
  if (!tenantId || !objectId) return null;
  return { tenantId, objectId, displayName: activity.from?.name };
}

/** Removes the bot's own @mention (by entity, not by name) and trims and bounds the text. */
export function messageText(context: TurnContext): string {
  const activity = context.activity;
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  if (botId) text = TurnContext.removeMentionText(activity as Activity, botId) ?? text;
  // Other <at> tags may remain (Playground and some clients name the bot differently): drop the tags.
  text = text.replace(/<at[^>]*>[^<]*<\/at>/gi, ' ');
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MAX_INPUT_CHARS ? text.slice(0, MAX_INPUT_CHARS) : text;
}

import { ActivityTypes, type Activity } from 'botbuilder';
import { attachment } from '../cards/card.js';
import type { Reply } from '../features/types.js';

/** Turns a feature's reply model into a Bot Framework activity. */
export function toActivity(reply: Reply): Partial<Activity> {
  if (reply.kind === 'text') return { type: ActivityTypes.Message, text: reply.text, textFormat: 'plain' };
  return {
    type: ActivityTypes.Message,
    attachments: [attachment(reply.card)],
    ...(reply.summary ? { summary: reply.summary } : {}),
  };
}

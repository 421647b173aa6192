/**
 * The answers Teams accepts to an Adaptive Card `Action.Execute` (Universal Actions), as a typed union:
 * a short message, a card that replaces the acted-on card for the acting user, or an error. botbuilder's
 * own `AdaptiveCardInvokeResponse` types `value` as an object, which a message (a string) is not.
 */
import { CARD_CONTENT_TYPE, type AdaptiveCard } from '../cards/card.js';

export const ACTIVITY_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';
export const INVOKE_ERROR_TYPE = 'application/vnd.microsoft.error';

export type CardActionResponse =
  | { statusCode: 200; type: typeof ACTIVITY_MESSAGE_TYPE; value: string }
  | { statusCode: 200; type: typeof CARD_CONTENT_TYPE; value: AdaptiveCard }
  | { statusCode: 400; type: typeof INVOKE_ERROR_TYPE; value: { code: 'BadRequest'; message: string } };

export function messageResponse(text: string): CardActionResponse {
  return { statusCode: 200, type: ACTIVITY_MESSAGE_TYPE, value: text };
}

export function cardResponse(card: AdaptiveCard): CardActionResponse {
  return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card };
}

/** A fixed refusal that repeats nothing of the request back. */
export function badRequestResponse(message: string): CardActionResponse {
  return { statusCode: 400, type: INVOKE_ERROR_TYPE, value: { code: 'BadRequest', message } };
}

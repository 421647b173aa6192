import { AppError } from '../errors.js';

/**
 * What every card shares: the schema version Teams supports (1.5), the safe size, the attachment wrapper
 * and the escaping of user text. Layouts live in Adaptive Card templates (`template.ts`, expanded with
 * adaptivecards-templating), which check version and size on expansion; user text only ever enters a
 * card's data as `UserText`, made by `userText()`.
 */
export const CARD_VERSION = '1.5';
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams' historical message limit; the safe bound for every delivery path. */
export const MAX_CARD_BYTES = 28 * 1024;

export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: string };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Record<string, unknown>;
  msteams?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CardAttachment {
  contentType: typeof CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

/** Text a person typed, already neutralised by `userText()`: template data types ask for this brand. */
export type UserText = string & { readonly __brand: 'UserText' };

/**
 * Neutralises Markdown and link syntax in text a user typed, so it is shown as typed and never
 * rendered as emphasis, headings, lists or links. Also strips control characters.
 */
export function userText(text: string): UserText {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/[\\`*_{}[\]()#+!|~<>]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-=]|\d+\.)(\s)/gm, (_m, ws: string, mark: string, sp: string) => `${ws}\\${mark}${sp}`) as UserText;
}

/** UTF-16 byte size, the unit Teams counts a message payload in. */
export function cardByteSize(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf16le');
}

export function assertCardSize(card: AdaptiveCard): void {
  const size = cardByteSize(card);
  if (size > MAX_CARD_BYTES) throw new AppError('CARD_TOO_LARGE', `card is ${size} bytes`);
}

export function attachment(card: AdaptiveCard): CardAttachment {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}

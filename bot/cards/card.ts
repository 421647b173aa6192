import { AppError } from '../errors.js';

/**
 * Cards are built by typed functions in each feature (no string templates), then finalised here: one
 * place sets the schema version Teams supports (1.5) and refuses anything over the safe size.
 *
 * Layouts live in Adaptive Card templates (`template.ts`, expanded with adaptivecards-templating); user
 * text only ever enters a card's data as `UserText`, made by `userText()`.
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

export function makeCard(
  body: CardElement[],
  actions: CardAction[] = [],
  extra: Omit<Partial<AdaptiveCard>, 'body' | 'actions'> = {},
): AdaptiveCard {
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    msteams: { width: 'Full' },
    ...extra,
    body,
    ...(actions.length ? { actions } : {}),
  };
  assertCardSize(card);
  return card;
}

export function assertCardSize(card: AdaptiveCard): void {
  const size = cardByteSize(card);
  if (size > MAX_CARD_BYTES) throw new AppError('CARD_TOO_LARGE', `card is ${size} bytes`);
}

export function attachment(card: AdaptiveCard): CardAttachment {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}

// Small element helpers: they keep feature card code short and consistent.
export const text = (value: string, options: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...options,
});
export const heading = (value: string): CardElement => text(value, { size: 'Medium', weight: 'Bolder', style: 'heading' });
export const facts = (items: Array<[string, string]>): CardElement => ({
  type: 'FactSet',
  facts: items.map(([title, value]) => ({ title, value })),
});
export const execute = (title: string, verb: string, data: Record<string, unknown> = {}, options: Record<string, unknown> = {}): CardAction => ({
  type: 'Action.Execute',
  title,
  verb,
  data: { verb, ...data },
  ...options,
});
export const openUrl = (title: string, url: string): CardAction => ({ type: 'Action.OpenUrl', title, url });

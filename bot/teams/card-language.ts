/**
 * A button press must answer in the language of the card it came from, not in the Teams client's UI
 * language. Every Action.Execute / Action.Submit of a card the bot sends in a turn therefore carries
 * that turn's `lang` in its data (a card that set its own `lang` keeps it); the router reads it back
 * with languageOfCardData() (zod-validated) when the button is pressed.
 */
import { MAX_CARD_BYTES, cardByteSize, type AdaptiveCard } from '../cards/card.js';
import type { Lang } from '../i18n/index.js';
import type { ActionResult, Reply } from '../features/types.js';

const DATA_ACTIONS = new Set(['Action.Execute', 'Action.Submit']);

function stamp(node: unknown, lang: Lang): unknown {
  if (Array.isArray(node)) return node.map((item) => stamp(item, lang));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) out[key] = stamp(value, lang);
  if (typeof out.type === 'string' && DATA_ACTIONS.has(out.type)) {
    const data = out.data;
    if (data === undefined || (data && typeof data === 'object' && !Array.isArray(data))) {
      const record = (data ?? {}) as Record<string, unknown>;
      if (!('lang' in record)) out.data = { ...record, lang };
    }
  }
  return out;
}

/** The card with `lang` in every data-carrying action; unchanged if stamping would push it over the size limit. */
export function stampCardLanguage(card: AdaptiveCard, lang: Lang): AdaptiveCard {
  const stamped = stamp(card, lang) as AdaptiveCard;
  return cardByteSize(stamped) > MAX_CARD_BYTES ? card : stamped;
}

export function stampReplyLanguage(reply: Reply, lang: Lang): Reply {
  return reply.kind === 'card' ? { ...reply, card: stampCardLanguage(reply.card, lang) } : reply;
}

export function stampResultLanguage(result: ActionResult, lang: Lang): ActionResult {
  if (result.kind !== 'card') return result;
  return {
    ...result,
    card: stampCardLanguage(result.card, lang),
    ...(result.followUps ? { followUps: result.followUps.map((r) => stampReplyLanguage(r, lang)) } : {}),
  };
}

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

/**
 * The node with `lang` in every data-carrying action beneath it. Only what changes is copied (the
 * action, and the objects and arrays on the way to it); everything else is the original node, so a
 * card without buttons costs a walk, not a copy. Cards are built fresh for every reply and never
 * changed after they are sent, so sharing the untouched parts with the feature's card is safe.
 */
function stamp(node: unknown, lang: Lang): unknown {
  if (Array.isArray(node)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < node.length; i += 1) {
      const item: unknown = node[i];
      const stamped = stamp(item, lang);
      if (stamped !== item && !out) out = node.slice(0, i);
      if (out) out.push(stamped);
    }
    return out ?? node;
  }
  if (!node || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(record)) {
    const value = record[key];
    const stamped = stamp(value, lang);
    if (stamped !== value) {
      out ??= { ...record };
      out[key] = stamped;
    }
  }
  if (typeof record.type === 'string' && DATA_ACTIONS.has(record.type)) {
    const data = (out ?? record).data;
    if (data === undefined || (data && typeof data === 'object' && !Array.isArray(data))) {
      const fields = (data ?? {}) as Record<string, unknown>;
      if (!('lang' in fields)) {
        out ??= { ...record };
        out.data = { ...fields, lang };
      }
    }
  }
  return out ?? node;
}

/**
 * The card with `lang` in every data-carrying action; unchanged if stamping would push it over the size
 * limit. A card without buttons, or whose buttons all carry their `lang` already, comes back as the same
 * object, and then there is nothing to measure: the outcome is that card either way.
 */
export function stampCardLanguage(card: AdaptiveCard, lang: Lang): AdaptiveCard {
  const stamped = stamp(card, lang) as AdaptiveCard;
  if (stamped === card) return card;
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

/**
 * Edge checks of an expanded card template (issue 14 §1 item 3): the official parser under Teams' host
 * config finds nothing wrong, and the card is within Teams' 28 KB.
 */
import assert from 'node:assert/strict';
import { cardByteSize, MAX_CARD_BYTES, type AdaptiveCard } from '../../bot/cards/card.js';
import { adaptiveCardProblems } from './adaptive-card-validator.js';

export function assertValidCard(card: AdaptiveCard, label: string): void {
  assert.deepEqual(adaptiveCardProblems(card), [], `${label}: parser problems`);
  assert.ok(cardByteSize(card) <= MAX_CARD_BYTES, `${label}: ${cardByteSize(card)} bytes`);
  assert.ok(!JSON.stringify(card).includes('"actions":[]'), `${label}: an empty action list`);
}

/** Every string value of a card, nested ones included. */
export function cardStrings(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(card);
  return out;
}

/** Text that needs escaping in every character: the worst case for the size guarantee. */
export const worstText = (length: number): string => '*'.repeat(length);

/**
 * Turns whatever a user typed into a question the engine can search: personal ids masked first (before
 * anything else sees the text), HTML tags and Markdown fences dropped, long pastes cut. The masked text
 * is the only form that is stored, logged or echoed back.
 */
import { HETU_MASK, maskPersonalIds } from '../../privacy.js';

/** A question longer than this is a paste; its start carries the question. */
export const MAX_SEARCH_CHARS = 1_000;
/** What is kept for storage and card data (vote / ask-OPH buttons). */
export const MAX_STORED_CHARS = 2_000;
export const MAX_CARD_DATA_CHARS = 500;

export interface CleanQuestion {
  /** Masked, whitespace-normalised question (≤ MAX_STORED_CHARS). */
  question: string;
  /** Masked, markup-free text cut to MAX_SEARCH_CHARS, for retrieval only. */
  searchText: string;
  masked: boolean;
  truncated: boolean;
  /** True when nothing searchable is left (empty, emoji only, punctuation only). */
  empty: boolean;
}

export function cleanQuestion(raw: string): CleanQuestion {
  const { text: masked, masked: wasMasked } = maskPersonalIds(raw ?? '');
  const question = masked.replace(/\s+/g, ' ').trim();
  const searchable = masked
    .split(HETU_MASK)
    .join(' ') // the mask word itself would steer the search towards henkilötunnus articles
    .replace(/<[^>]{0,500}>/g, ' ') // HTML tags: their names are not the question
    .replace(/&[a-z]+;|&#\d+;/gi, ' ')
    .replace(/```[a-z0-9_-]*/gi, ' ') // keep code contents (an endpoint name is a fine query), drop fences
    .replace(/\s+/g, ' ')
    .trim();
  const truncated = searchable.length > MAX_SEARCH_CHARS;
  const searchText = truncated ? searchable.slice(0, MAX_SEARCH_CHARS) : searchable;
  return {
    question: question.length > MAX_STORED_CHARS ? `${question.slice(0, MAX_STORED_CHARS)}…` : question,
    searchText,
    masked: wasMasked,
    truncated,
    empty: !/[\p{L}\p{N}]/u.test(searchText),
  };
}

export function forCardData(question: string): string {
  return question.length > MAX_CARD_DATA_CHARS ? `${question.slice(0, MAX_CARD_DATA_CHARS)}…` : question;
}

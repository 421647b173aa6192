/**
 * Free text from cards (questions, comments, expert answers) on its way to storage: personal ids
 * masked first, then control characters dropped and length bounded. The masked form is the only one
 * stored, shown to experts or delivered.
 */
import { createHash } from 'node:crypto';
import { HETU_MASK, maskPersonalIds } from '../../../privacy.js';

export interface PreparedText {
  text: string;
  masked: boolean;
}

// C0 controls except tab and newline, plus DEL.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** One-line text (questions): whitespace collapsed, cut to `max` characters. */
export function prepareLine(raw: string, max: number): PreparedText {
  const { text, masked } = maskPersonalIds(raw);
  const line = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return { text: line.length > max ? `${line.slice(0, max - 1)}…` : line, masked };
}

/** Multi-line text (answers, comments): line breaks kept, runs of blank lines shortened. */
export function prepareMultiline(raw: string, max: number): PreparedText {
  const { text, masked } = maskPersonalIds(raw.replace(/\r\n?/g, '\n'));
  const cleaned = text
    .replace(CONTROL, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text: cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned, masked };
}

/** Longest grouping key kept; two questions that agree this far are the same gap. */
const MAX_NORM_CHARS = 300;

/**
 * The grouping key of the knowledge-gap report: case, punctuation, the henkilötunnus mask and
 * spacing do not make two questions different.
 */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .split(HETU_MASK)
    .join(' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, MAX_NORM_CHARS)
    .trim();
}

/** "Same card" key for the one-vote-per-person rule: the article and the normalised question. */
export function voteKey(articleId: string, questionNorm: string): string {
  return createHash('sha256').update(`${articleId}\u0000${questionNorm}`).digest('hex').slice(0, 40);
}

/**
 * Query language guess: stopwords are the strongest signal in a short question ("hur", "the", "miten"),
 * the KB vocabulary of each language the second, the user's Teams locale breaks ties.
 */
import { LANGS, type Lang } from '../../i18n/index.js';
import { fold, keyOf, Stopwords, tokenize } from './analyzer.js';
import { EMPTY_LEXICON } from './lexicon.js';

const BASE = new Stopwords(EMPTY_LEXICON);

const STOPWORD_WEIGHT = 2;
const VOCABULARY_WEIGHT = 1;
const HINT_WEIGHT = 1.5;
/** Letters that exist in only one of our languages' spelling. */
const SWEDISH_LETTER = /å/i;

export function detectLanguage(
  text: string,
  vocabulary: Record<Lang, ReadonlySet<string>>,
  hint?: Lang,
  stopwords: Stopwords = BASE,
): Lang {
  return pickLanguage(scoresOfText(text, vocabulary, stopwords), hint);
}

/**
 * What the detector reads in one message's text, worked out once per message: the router asks it for
 * the reply language (`detect`, up to four hints) and hands it on, and the guidance search reuses its
 * vocabulary evidence instead of looking every word up in three vocabularies again (the dominant part of
 * a detection). Only the text's own facts are kept — its folded tokens and how many of them each
 * language's vocabulary knows — so every verdict is the one a fresh detection would give.
 */
export class MessageLanguage {
  readonly folded: readonly string[];
  /** How many of the tokens each language's KB vocabulary knows (the same whatever the stopwords or the hint). */
  readonly vocabularyHits: LanguageScores;
  private baseScores: LanguageScores | null = null;

  constructor(
    readonly text: string,
    readonly vocabulary: Record<Lang, ReadonlySet<string>>,
  ) {
    this.folded = tokenize(text).map(fold);
    this.vocabularyHits = vocabularyHits(this.folded, vocabulary);
  }

  /** detectLanguage(text, vocabulary, hint), without reading the text again. */
  detect(hint?: Lang): Lang {
    this.baseScores ??= languageScores(this.folded, this.text, this.vocabulary, BASE, this);
    return pickLanguage(this.baseScores, hint);
  }

  /** The vocabulary evidence, when `folded` of `text` are this reading's tokens (the same array, or equal) under the same vocabulary. */
  hitsFor(folded: readonly string[], text: string, vocabulary: Record<Lang, ReadonlySet<string>>): LanguageScores | null {
    if (vocabulary !== this.vocabulary || text !== this.text) return null;
    if (folded === this.folded) return this.vocabularyHits;
    if (folded.length !== this.folded.length) return null;
    for (let i = 0; i < folded.length; i += 1) if (folded[i] !== this.folded[i]) return null;
    return this.vocabularyHits;
  }
}

/**
 * The reply language of a message asks the detector up to four times about the same text (once per
 * hint, then without one: reply-language.ts), so the scores of the last text are kept: only the hint's
 * bonus differs between those calls. One entry, compared by the exact text and the same vocabulary and
 * stopwords (a reloaded KB has new ones), so nothing grows and nothing stale is ever read.
 */
let lastScored: { text: string; vocabulary: Record<Lang, ReadonlySet<string>>; stopwords: Stopwords; scores: LanguageScores } | null = null;

function scoresOfText(text: string, vocabulary: Record<Lang, ReadonlySet<string>>, stopwords: Stopwords): LanguageScores {
  const last = lastScored;
  if (last && last.text === text && last.vocabulary === vocabulary && last.stopwords === stopwords) return last.scores;
  const scores = languageScores(tokenize(text).map(fold), text, vocabulary, stopwords);
  lastScored = { text, vocabulary, stopwords, scores };
  return scores;
}

/** detectLanguage on the folded tokens of `text` (stopwords included), for a caller that has them already. */
export function detectLanguageOfTokens(
  folded: readonly string[],
  text: string,
  vocabulary: Record<Lang, ReadonlySet<string>>,
  hint?: Lang,
  stopwords: Stopwords = BASE,
  reading?: MessageLanguage,
): Lang {
  return pickLanguage(languageScores(folded, text, vocabulary, stopwords, reading), hint);
}

/** Each language's evidence in a text before the hint's bonus (the same for every hint). */
export type LanguageScores = Readonly<Record<Lang, number>>;

export function languageScores(
  folded: readonly string[],
  text: string,
  vocabulary: Record<Lang, ReadonlySet<string>>,
  stopwords: Stopwords = BASE,
  reading?: MessageLanguage,
): LanguageScores {
  // A message the router has read already: its vocabulary evidence is reused when these are its tokens.
  const known = reading?.hitsFor(folded, text, vocabulary) ?? vocabularyHits(folded, vocabulary);
  const scores: Record<Lang, number> = { fi: 0, sv: 0, en: 0 };
  for (const lang of LANGS) {
    let score = STOPWORD_WEIGHT * stopwords.hits(folded, lang) + known[lang];
    if (lang === 'sv' && SWEDISH_LETTER.test(text)) score += STOPWORD_WEIGHT;
    scores[lang] = score;
  }
  return scores;
}

/** Each language's count of tokens its KB vocabulary knows, times the vocabulary weight. */
function vocabularyHits(folded: readonly string[], vocabulary: Record<Lang, ReadonlySet<string>>): LanguageScores {
  const hits: Record<Lang, number> = { fi: 0, sv: 0, en: 0 };
  for (const lang of LANGS) {
    let score = 0;
    for (const token of folded) if (vocabulary[lang].has(keyOf(token, lang))) score += VOCABULARY_WEIGHT;
    hits[lang] = score;
  }
  return hits;
}

/** The language with the best score, `hint` getting its bonus; every weight is a multiple of ½, so the sums are exact in any order. */
export function pickLanguage(scores: LanguageScores, hint?: Lang): Lang {
  let best: Lang = hint ?? 'fi';
  let bestScore = -1;
  for (const lang of hint ? ORDER_WITH_HINT[hint] : LANGS) {
    const score = lang === hint ? scores[lang] + HINT_WEIGHT : scores[lang];
    // Strictly greater: on a tie the hint (tried first below) or Finnish wins.
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}

/** The languages in the order ties should be resolved: the hint first, then Finnish, Swedish, English. */
export function languageOrder(hint?: Lang): Lang[] {
  return hint ? [hint, ...LANGS.filter((l) => l !== hint)] : [...LANGS];
}

const ORDER_WITH_HINT: Record<Lang, readonly Lang[]> = { fi: languageOrder('fi'), sv: languageOrder('sv'), en: languageOrder('en') };

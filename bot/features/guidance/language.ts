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
): Lang {
  return pickLanguage(languageScores(folded, text, vocabulary, stopwords), hint);
}

/** Each language's evidence in a text before the hint's bonus (the same for every hint). */
export type LanguageScores = Readonly<Record<Lang, number>>;

export function languageScores(
  folded: readonly string[],
  text: string,
  vocabulary: Record<Lang, ReadonlySet<string>>,
  stopwords: Stopwords = BASE,
): LanguageScores {
  const scores: Record<Lang, number> = { fi: 0, sv: 0, en: 0 };
  for (const lang of LANGS) {
    let score = STOPWORD_WEIGHT * stopwords.hits(folded, lang);
    for (const token of folded) if (vocabulary[lang].has(keyOf(token, lang))) score += VOCABULARY_WEIGHT;
    if (lang === 'sv' && SWEDISH_LETTER.test(text)) score += STOPWORD_WEIGHT;
    scores[lang] = score;
  }
  return scores;
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

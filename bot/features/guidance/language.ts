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
  return detectLanguageOfTokens(tokenize(text).map(fold), text, vocabulary, hint, stopwords);
}

/** detectLanguage on the folded tokens of `text` (stopwords included), for a caller that has them already. */
export function detectLanguageOfTokens(
  folded: readonly string[],
  text: string,
  vocabulary: Record<Lang, ReadonlySet<string>>,
  hint?: Lang,
  stopwords: Stopwords = BASE,
): Lang {
  let best: Lang = hint ?? 'fi';
  let bestScore = -1;
  for (const lang of languageOrder(hint)) {
    let score = STOPWORD_WEIGHT * stopwords.hits(folded, lang);
    for (const token of folded) if (vocabulary[lang].has(keyOf(token, lang))) score += VOCABULARY_WEIGHT;
    if (lang === hint) score += HINT_WEIGHT;
    if (lang === 'sv' && SWEDISH_LETTER.test(text)) score += STOPWORD_WEIGHT;
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

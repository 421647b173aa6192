/**
 * Shared by the language-detection tests of issue 16 (language-scores, message-language): a small
 * vocabulary per language whose look-ups are counted, so a test can prove how often a text's words
 * are looked up, not only that the verdict is right.
 */
import type { Lang } from '../../../bot/i18n/index.js';
import { fold, keyOf, tokenize } from '../../../bot/features/guidance/analyzer.js';

/** A vocabulary whose look-ups are counted: each scoring of a text asks it once per token and language. */
export function countingVocabulary(words: Record<Lang, string[]>) {
  const counter = { lookups: 0 };
  const counted = (keys: string[]): ReadonlySet<string> => {
    const set = new Set(keys);
    return {
      has: (key: string) => {
        counter.lookups += 1;
        return set.has(key);
      },
    } as ReadonlySet<string>;
  };
  const vocabulary = { fi: counted(words.fi), sv: counted(words.sv), en: counted(words.en) };
  return { vocabulary, counter };
}

/** A text's keys in one language, as the detector looks them up. */
export const keysOf = (lang: Lang, text: string): string[] =>
  tokenize(text)
    .map(fold)
    .map((t) => keyOf(t, lang));

/** A few service words per language. */
export const SERVICE_WORDS: Record<Lang, string[]> = {
  fi: keysOf('fi', 'oppijanumero luodaan testiympäristö tunnus haetaan palvelu liittyminen'),
  sv: keysOf('sv', 'studentnummer tjänst anslutning testmiljö identifierare'),
  en: keysOf('en', 'learner number service join test environment identifier'),
};

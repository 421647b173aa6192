/**
 * Counts in running text ("1 vastaanottaja", "2 vastaanottajaa") by the language's plural rules
 * (Intl.PluralRules), so no catalog writes `count === 1 ? … : …` by hand and no "1 recipients" slips through.
 */
import type { Lang } from './index.js';

const RULES: Record<Lang, Intl.PluralRules> = {
  fi: new Intl.PluralRules('fi-FI'),
  sv: new Intl.PluralRules('sv-FI'),
  en: new Intl.PluralRules('en-GB'),
};

/** The form of a phrase the count needs, when more than the noun changes ("viimeinen päivä" / "viimeiset 7 päivää"). */
export function byCount<T>(lang: Lang, count: number, forms: { one: T; other: T }): T {
  return RULES[lang].select(count) === 'one' ? forms.one : forms.other;
}

/** "<count> <word>" with the word form the count needs; our three languages only distinguish one and other. */
export function countOf(lang: Lang, count: number, forms: { one: string; other: string }): string {
  return `${count} ${byCount(lang, count, forms)}`;
}

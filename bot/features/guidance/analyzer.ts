/**
 * The Finnish-aware text analyzer used at index time (per document language) and at query time (per
 * candidate language), following shared/reference/retrieval.md section 5: tokenise, stopwords, fold
 * ä/ö/å, Snowball stem, Finnish post-rules, compound splitting against a KB-derived lexicon, synonyms.
 * Index and query go through the same code, so whatever a rule does it does to both sides.
 */
import { stemmer as stemFinnish } from '@orama/stemmers/finnish';
import { stemmer as stemSwedish } from '@orama/stemmers/swedish';
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stopwords as finnishStopwords } from '@orama/stopwords/finnish';
import { stopwords as swedishStopwords } from '@orama/stopwords/swedish';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { LANGS, type Lang } from '../../i18n/index.js';
import { EMPTY_LEXICON, type Lexicon } from './lexicon.js';

const STEMMERS: Record<Lang, (word: string) => string> = { fi: stemFinnish, sv: stemSwedish, en: stemEnglish };

/** Weights of the extra keys a word contributes next to its own stem. */
export const KEY_WEIGHTS = { exact: 1, synonym: 0.8, part: 0.5 } as const;

/** ä→a, ö→o, å→a and any other combining mark removed; safe before Snowball (31/31 forms checked). */
export function fold(word: string): string {
  // Most tokens are plain ASCII, which NFD leaves as it is: skip the normalisation and its allocation.
  if (ASCII.test(word)) return word;
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}
const ASCII = /^[\x00-\x7f]*$/;
const DIGITS = /^\d+$/;

/** Lower-cased runs of letters and digits; single letters are noise, digits are kept (e.g. "vaihe 5"). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  // A Finnish case ending after an abbreviation (OPH:lta, TGT:llä, VTJ:stä) belongs to the abbreviation.
  const lower = text.toLowerCase();
  const joined = lower.includes(':') ? lower.replace(/([\p{L}\p{N}]):\p{L}{1,5}(?![\p{L}\p{N}])/gu, '$1') : lower;
  for (const match of joined.matchAll(/[\p{L}\p{N}]+/gu)) {
    const token = match[0];
    if (token.length >= 2 || /\d/.test(token)) out.push(token);
  }
  return out;
}

/** The stemmer libraries' stopword lists, folded. */
const BASE_STOPWORDS: Record<Lang, readonly string[]> = {
  fi: finnishStopwords.map(fold),
  sv: swedishStopwords.map(fold),
  en: englishStopwords.map(fold),
};

/**
 * Stopwords of a lexicon: per language (the stemmers' lists plus the lexicon's question words: "miten"
 * or "paljonko" are not in the Finnish list, yet they are the clearest sign that a question is
 * Finnish), and one set for every language — a Swedish question often carries Finnish terms and the
 * other way round, and a filler word in one language is filler in all.
 */
export class Stopwords {
  readonly byLang: Record<Lang, Set<string>>;
  readonly all: Set<string>;
  constructor(lexicon: Lexicon) {
    this.byLang = {
      fi: new Set([...BASE_STOPWORDS.fi, ...lexicon.questionWords.fi.map(fold)]),
      sv: new Set([...BASE_STOPWORDS.sv, ...lexicon.questionWords.sv.map(fold)]),
      en: new Set([...BASE_STOPWORDS.en, ...lexicon.questionWords.en.map(fold)]),
    };
    this.all = new Set([...this.byLang.fi, ...this.byLang.sv, ...this.byLang.en]);
  }
  has(foldedToken: string): boolean {
    return this.all.has(foldedToken);
  }
  /** How many of the tokens are stopwords of `lang` — the strongest language signal in a short question. */
  hits(foldedTokens: readonly string[], lang: Lang): number {
    let hits = 0;
    for (const token of foldedTokens) if (this.byLang[lang].has(token)) hits += 1;
    return hits;
  }
}

/**
 * Finnish rules applied to the folded Snowball stem; they merge consonant-gradation and -us/-uksen/-uden
 * forms Snowball leaves apart (3/10 → 9/10 inflection groups in the reference measurement).
 */
export function finnishPostRules(stem: string): string {
  let s = stem.replace(/([b-df-hj-np-tv-z])\1/g, '$1');
  if (s.length >= 5) s = s.replace(/(u|y)(ks|st|d|t|s)$/, '$1');
  if (s.length >= 5) s = s.replace(/[aeiouy]$/, '');
  return s.replace(/nt$/, 'n');
}

/**
 * Bounded caches, one per language (no composite key string to build on every lookup): stemming
 * dominates build time (233 → 89 ms measured), repeats across reloads and is on every query's path.
 */
const STEM_CACHE_LIMIT = 50_000;
const stemCaches: Record<Lang, Map<string, string>> = { fi: new Map(), sv: new Map(), en: new Map() };

/** The index key of one folded token in one language. Digits are kept as they are. */
export function keyOf(foldedToken: string, lang: Lang): string {
  const cache = stemCaches[lang];
  const cached = cache.get(foldedToken);
  if (cached !== undefined) return cached;
  let key = foldedToken;
  if (!DIGITS.test(foldedToken)) {
    key = fold(STEMMERS[lang](foldedToken));
    if (lang === 'fi') key = finnishPostRules(key);
    if (key.length < 2) key = foldedToken;
  }
  if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
  cache.set(foldedToken, key);
  return key;
}

export interface WeightedKey {
  key: string;
  weight: number;
  kind: 'exact' | 'synonym' | 'part' | 'fuzzy';
}

/** One content word of a query with every key it may match in one language. */
export interface QueryWord {
  surface: string;
  keys: WeightedKey[];
}

export interface DocumentTerms {
  /** Stem keys of every content word. */
  terms: string[];
  /** Keys of compound parts, indexed in their own lower-weight field. */
  parts: string[];
}

const MIN_PART = 4;

/**
 * Spoken Finnish drops the end of some endings; each rule gives the written forms to try, in order (on
 * folded words: ä → a). The translative -ksi and the question clitic -ko/-kö both shorten to -ks.
 */
const SPOKEN_ENDINGS: ReadonlyArray<readonly [RegExp, (word: string) => string[]]> = [
  // lisäks → lisäksi, tehtäväks → tehtäväksi; kannattaaks → kannattaako
  [/ks$/, (w) => [`${w}i`, `${w.slice(0, -2)}ko`]],
  // olisko → olisiko
  [/isko$/, (w) => [`${w.slice(0, -4)}isiko`]],
  // haettais → haettaisiin (passive), else haettaisi
  [/ttais$/, (w) => [`${w}iin`, `${w}i`]],
  // olis → olisi, haluis → haluisi, riittäis → riittäisi
  [/is$/, (w) => [`${w}i`]],
  // tehny → tehnyt, ollu → ollut, saanu → saanut
  [/[nlrst][uy]$/, (w) => [`${w}t`]],
];
/** Any of the endings above: most words have none, and skip the lookups. */
const SPOKEN_ENDING = /(ks|isko|is|[nlrst][uy])$/;
/** Joins the keys of a multi-word term into one index term (minisearch splits terms on spaces only). */
const PHRASE_JOIN = '_';
const RELAXED_TAIL = 5;
const MAX_SPLIT_DEPTH = 2;
/** The split cache grows with every new word users type; it is cleared when full, like the stem cache. */
const SPLIT_CACHE_LIMIT = 20_000;
/** Content words analysed per query: a long paste is cut here (its start carries the question). */
export const MAX_QUERY_WORDS = 60;

/** A multi-word term as its keys and its joined index term. */
interface Phrase {
  keys: string[];
  joined: string;
}

/**
 * An analyzer bound to one knowledge base: the compound lexicon is made of the KB's own words plus the
 * hand-kept part list, so it is rebuilt on every reload.
 */
export class Analyzer {
  private readonly lexicon: Record<Lang, Set<string>> = { fi: new Set(), sv: new Set(), en: new Set() };
  private readonly lexiconKeys: Record<Lang, Set<string>> = { fi: new Set(), sv: new Set(), en: new Set() };
  private readonly splitCache: Record<Lang, Map<string, string[]>> = { fi: new Map(), sv: new Map(), en: new Map() };
  /**
   * The keys a word's synonyms add, by the word's key, in the order the query analysis adds them —
   * worked out once here instead of on every query.
   */
  private readonly synonymExpansion: Record<Lang, Map<string, WeightedKey[]>> = { fi: new Map(), sv: new Map(), en: new Map() };
  /** Multi-word terms by their first key, longest first. */
  private readonly phrasesByFirstKey: Record<Lang, Map<string, Phrase[]>> = { fi: new Map(), sv: new Map(), en: new Map() };
  /** Keys in the longest multi-word term: how far ahead of its position the query analysis stems. */
  private longestPhrase = 1;

  readonly stopwords: Stopwords;
  /** Colloquial or misspelt folded token → the folded tokens of its standard form (every language). */
  private readonly colloquial = new Map<string, string[]>();

  /**
   * @param corpus the KB text per language, used only to learn which words exist.
   * @param words the KB's word lists (kb/lexicon.yml).
   */
  constructor(
    corpus: Array<{ lang: Lang; text: string }>,
    readonly words: Lexicon = EMPTY_LEXICON,
  ) {
    this.stopwords = new Stopwords(words);
    for (const lang of LANGS) {
      for (const [form, standard] of Object.entries(words.colloquial[lang])) {
        this.colloquial.set(fold(form.toLowerCase()), tokenize(standard).map(fold));
      }
    }
    const add = (folded: string, lang: Lang | null) => {
      if (folded.length < MIN_PART || /\d/.test(folded)) return;
      for (const l of lang ? [lang] : LANGS) {
        // A word seen before has its key in the lexicon already (most words of a text repeat).
        if (this.lexicon[l].has(folded)) continue;
        this.lexicon[l].add(folded);
        this.lexiconKeys[l].add(keyOf(folded, l));
      }
    };
    for (const part of words.compoundParts) add(fold(part.toLowerCase()), null);
    for (const { lang, text } of corpus) for (const token of tokenize(text)) add(fold(token), lang);
    for (const lang of LANGS) {
      const phrases = words.phrases[lang]
        .map((phrase) => this.contentTokens(phrase).map((t) => keyOf(t, lang)))
        .filter((keys) => keys.length > 1)
        .sort((a, b) => b.length - a.length);
      for (const keys of phrases) {
        const bucket = this.phrasesByFirstKey[lang].get(keys[0] as string) ?? [];
        bucket.push({ keys, joined: keys.join(PHRASE_JOIN) });
        this.longestPhrase = Math.max(this.longestPhrase, keys.length);
        this.phrasesByFirstKey[lang].set(keys[0] as string, bucket);
      }
      const synonymWords = new Map<string, string[]>();
      for (const [word, alternatives] of Object.entries(words.synonyms[lang])) {
        const key = keyOf(fold(word), lang);
        const list = synonymWords.get(key) ?? [];
        list.push(...alternatives);
        synonymWords.set(key, list);
      }
      for (const [key, alternatives] of synonymWords) {
        const expansion: WeightedKey[] = [];
        for (const synonym of alternatives) {
          for (const synonymKey of this.termKeys(synonym, lang))
            expansion.push({ key: synonymKey, weight: KEY_WEIGHTS.synonym, kind: 'synonym' });
          for (const synonymToken of this.contentTokens(synonym)) {
            for (const part of this.split(synonymToken, lang)) {
              expansion.push({ key: keyOf(part, lang), weight: KEY_WEIGHTS.part * KEY_WEIGHTS.synonym, kind: 'part' });
            }
          }
        }
        this.synonymExpansion[lang].set(key, expansion);
      }
    }
  }

  private knownPart(folded: string, lang: Lang): boolean {
    return this.lexicon[lang].has(folded) || this.lexiconKeys[lang].has(keyOf(folded, lang));
  }

  /**
   * Splits a folded word into known parts, longest known head first. A split is accepted when the tail
   * is known too, or — in a relaxed second pass — when the tail is long enough to be a word of its own.
   * Swedish linking -s (personsnummer) is skipped. Recurses into the parts up to depth 2.
   */
  split(folded: string, lang: Lang, depth = 0): string[] {
    if (depth >= MAX_SPLIT_DEPTH || folded.length < MIN_PART * 2) return [];
    const cache = depth === 0 ? this.splitCache[lang] : null;
    const cached = cache?.get(folded);
    if (cached) return cached;
    let parts: [string, string] | null = null;
    // The relaxed pass guesses at an unknown tail; for a word the KB itself uses that only adds noise.
    const passes = this.knownPart(folded, lang) ? 1 : 2;
    for (let pass = 0; pass < passes && !parts; pass += 1) {
      for (let i = folded.length - MIN_PART; i >= MIN_PART && !parts; i -= 1) {
        const head = folded.slice(0, i);
        if (!this.lexicon[lang].has(head)) continue;
        let tail = folded.slice(i);
        if (
          lang === 'sv' &&
          tail.startsWith('s') &&
          tail.length > MIN_PART &&
          !this.knownPart(tail, lang) &&
          this.knownPart(tail.slice(1), lang)
        ) {
          tail = tail.slice(1);
        }
        if (pass === 0 ? this.knownPart(tail, lang) : tail.length >= RELAXED_TAIL) parts = [head, tail];
      }
    }
    const result = parts ? [...parts, ...this.split(parts[0], lang, depth + 1), ...this.split(parts[1], lang, depth + 1)] : [];
    if (cache) {
      if (cache.size >= SPLIT_CACHE_LIMIT) cache.clear();
      cache.set(folded, result);
    }
    return result;
  }

  /** Content words of a text as folded tokens (stopwords dropped). */
  contentTokens(text: string): string[] {
    const out: string[] = [];
    for (const token of tokenize(text)) {
      const folded = fold(token);
      if (!this.stopwords.has(folded)) out.push(folded);
    }
    return out;
  }

  /**
   * Folded question tokens with colloquial forms replaced by their standard forms (oo → olla,
   * pitäis → pitäisi, vaihtari → vaihto opiskelija), so a question is understood like its written form.
   * Returns the same array when nothing was replaced (the common case allocates nothing).
   */
  standardise(folded: readonly string[]): readonly string[] {
    let out: string[] | null = null;
    for (let i = 0; i < folded.length; i += 1) {
      const standard = this.colloquial.get(folded[i] as string) ?? this.writtenFormOfSpokenEnding(folded[i] as string);
      if (!standard && !out) continue;
      out ??= folded.slice(0, i);
      if (standard) out.push(...standard);
      else out.push(folded[i] as string);
    }
    return out ?? folded;
  }

  /**
   * A word the lexicon does not list but whose ending is a spoken Finnish shortening, read as its
   * written form (lisäks → lisäksi, haluis → haluisi, kannattaaks → kannattaako, tehny → tehnyt) — only
   * when no article in any language uses the word itself (an English "links" stays English) and the
   * written form is a word (or stem, or question word) the Finnish articles know, so a real word ending
   * the same way (valmis, kallis) is never touched and a guess the KB cannot use is not made. The KB's
   * own text is therefore never changed. Null when no ending applies.
   */
  private writtenFormOfSpokenEnding(token: string): string[] | null {
    if (
      token.length < MIN_PART ||
      !SPOKEN_ENDING.test(token) ||
      this.knowsFinnish(token) ||
      this.lexicon.sv.has(token) ||
      this.lexicon.en.has(token)
    )
      return null;
    for (const [ending, writtenForms] of SPOKEN_ENDINGS) {
      if (!ending.test(token)) continue;
      // A form the articles use as it is wins over one known only by its stem (kannattaaks: kannattaako
      // over kannattaaksi, which shares its stem).
      const forms = writtenForms(token);
      const written =
        forms.find((form) => this.lexicon.fi.has(form) || this.stopwords.has(form)) ?? forms.find((form) => this.knowsFinnish(form));
      if (written) return [written];
    }
    return null;
  }

  /** A folded word the Finnish articles use (as it is or by its stem), or a question or filler word. */
  private knowsFinnish(token: string): boolean {
    return this.lexicon.fi.has(token) || this.stopwords.has(token) || this.lexiconKeys.fi.has(keyOf(token, 'fi'));
  }

  /** Multi-word terms that start at `i`, longest first (personal identity code > identity code). */
  private phrasesAt(keys: readonly string[], i: number, lang: Lang): Phrase[] {
    const bucket = this.phrasesByFirstKey[lang].get(keys[i] as string);
    return bucket ? bucket.filter((phrase) => phrase.keys.every((k, j) => keys[i + j] === k)) : NO_PHRASES;
  }

  /** The longest multi-word term that starts at `i`, if any. */
  private phraseAt(keys: readonly string[], i: number, lang: Lang): Phrase | undefined {
    const bucket = this.phrasesByFirstKey[lang].get(keys[i] as string);
    return bucket?.find((phrase) => phrase.keys.every((k, j) => keys[i + j] === k));
  }

  /** Index-time analysis of one field of a document in `lang`. */
  analyzeDocument(text: string, lang: Lang): DocumentTerms {
    const terms: string[] = [];
    const parts: string[] = [];
    const tokens = this.contentTokens(text);
    const keys = tokens.map((t) => keyOf(t, lang));
    tokens.forEach((token, i) => {
      terms.push(keys[i] as string);
      for (const phrase of this.phrasesAt(keys, i, lang)) terms.push(phrase.joined);
      for (const part of this.split(token, lang)) parts.push(keyOf(part, lang));
    });
    return { terms, parts };
  }

  /**
   * Query-time analysis in one candidate language: each content word keeps its own key plus synonym
   * and compound-part keys; a known multi-word term (personal identity code, learner number) is one
   * word whose own key is the joined phrase and whose single words count as parts. Duplicate words
   * are kept once (a pasted text repeating a word is not more relevant for it).
   */
  analyzeQuery(text: string, lang: Lang, maxWords = MAX_QUERY_WORDS): QueryWord[] {
    return this.analyzeTokens(this.questionTokens(text), lang, maxWords);
  }

  /**
   * A question's content tokens: folded, colloquial forms standardised, stopwords out (in order, repeats
   * kept) — what the search, the n-gram indexes and the article classifier all start from
   * (`SearchOutcome.tokens` is this of the asked text).
   */
  questionTokens(text: string): string[] {
    return this.standardise(tokenize(text).map(fold)).filter((t) => !this.stopwords.has(t));
  }

  /** analyzeQuery on content tokens already made (the search analyses one question in every language). */
  analyzeTokens(tokens: readonly string[], lang: Lang, maxWords = MAX_QUERY_WORDS): QueryWord[] {
    const words: QueryWord[] = [];
    const seen = new Set<string>();
    // Only the tokens that can still become words are stemmed: a paste stops at maxWords words.
    const tokenKeys: string[] = [];
    for (let i = 0; i < tokens.length && words.length < maxWords;) {
      while (tokenKeys.length < tokens.length && tokenKeys.length < i + this.longestPhrase) {
        tokenKeys.push(keyOf(tokens[tokenKeys.length] as string, lang));
      }
      const phrase = this.phraseAt(tokenKeys, i, lang);
      const span = phrase ? phrase.keys.length : 1;
      const key = phrase ? phrase.joined : (tokenKeys[i] as string);
      const start = i;
      i += span;
      if (seen.has(key)) continue;
      seen.add(key);
      const keys: WeightedKey[] = [{ key, weight: KEY_WEIGHTS.exact, kind: 'exact' }];
      for (let m = start; m < i; m += 1) {
        const member = tokens[m] as string;
        const memberKey = tokenKeys[m] as string;
        if (phrase) putKey(keys, memberKey, KEY_WEIGHTS.part, 'part');
        for (const extra of this.synonymExpansion[lang].get(memberKey) ?? NO_KEYS) putKey(keys, extra.key, extra.weight, extra.kind);
        for (const part of this.split(member, lang)) putKey(keys, keyOf(part, lang), KEY_WEIGHTS.part, 'part');
      }
      words.push({ surface: span === 1 ? (tokens[start] as string) : tokens.slice(start, i).join(' '), keys });
    }
    return words;
  }

  /** The keys a short text stands for: a known phrase as its joined key, other words one by one. */
  private termKeys(text: string, lang: Lang): string[] {
    const keys = this.contentTokens(text).map((t) => keyOf(t, lang));
    const phrase = keys.length > 1 ? this.phrasesAt(keys, 0, lang).find((p) => p.keys.length === keys.length) : undefined;
    return phrase ? [phrase.joined] : keys;
  }
}

/**
 * Adds a key to a word's keys, or raises the weight of the same key met before (keeping its place).
 * A word has a handful of keys, so a list beats a map here.
 */
function putKey(keys: WeightedKey[], key: string, weight: number, kind: WeightedKey['kind']): void {
  for (let i = 0; i < keys.length; i += 1) {
    const existing = keys[i] as WeightedKey;
    if (existing.key !== key) continue;
    if (existing.weight < weight) keys[i] = { key, weight, kind };
    return;
  }
  keys.push({ key, weight, kind });
}

const NO_PHRASES: Phrase[] = [];
const NO_KEYS: WeightedKey[] = [];

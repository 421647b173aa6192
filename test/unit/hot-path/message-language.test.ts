/**
 * Issue 16 round 7, item 1: one language reading per message. The router reads a message's text once
 * for its reply language (`MessageLanguage.detect`, every hint) and hands the reading on; the guidance
 * search's own language guess then reuses its vocabulary evidence instead of looking every token up in
 * three vocabularies again. Every verdict must be the one a fresh detection gives.
 */
import assert from 'node:assert/strict';
import { LANGS } from '../../../bot/i18n/index.js';
import { languageOfText } from '../../../bot/i18n/reply-language.js';
import { fold, Stopwords, tokenize } from '../../../bot/features/guidance/analyzer.js';
import { detectLanguage, detectLanguageOfTokens, MessageLanguage } from '../../../bot/features/guidance/language.js';
import { EMPTY_LEXICON, type Lexicon } from '../../../bot/features/guidance/lexicon.js';
import { countingVocabulary, SERVICE_WORDS } from './counting-vocabulary.js';

/** The search's stopwords carry the lexicon's question words too (here "miten" and "paljonko" in Finnish, "how" in English). */
const SEARCH_STOPWORDS = new Stopwords({
  ...EMPTY_LEXICON,
  questionWords: { fi: ['miten', 'paljonko'], sv: ['hur'], en: ['how'] },
} as Lexicon);

const TEXTS = [
  'Mikä on oppijanumero ja miten se luodaan?',
  'Miten testiympäristön tunnukset haetaan?',
  'Vad är ett studentnummer?',
  'Hur går anslutningen till tjänsten?',
  'How do we join the learner number service?',
  'paljonko maksaa liittyminen service',
  'oppijanumero',
  'service',
  'Python 3.12',
  'å',
  'on the',
];

describe('one language reading per message (issue 16 round 7, item 1)', () => {
  it("the reading's verdict for every hint is the detector's", () => {
    const { vocabulary } = countingVocabulary(SERVICE_WORDS);
    for (const text of TEXTS) {
      const reading = new MessageLanguage(text, vocabulary);
      for (const hint of [...LANGS, undefined])
        assert.equal(reading.detect(hint), detectLanguage(text, vocabulary, hint), `${JSON.stringify(text)} hint ${hint}`);
    }
  });

  it("the search's guess from the reading is the one it makes on its own, for every locale hint", () => {
    const { vocabulary } = countingVocabulary(SERVICE_WORDS);
    for (const text of TEXTS) {
      const reading = new MessageLanguage(text, vocabulary);
      const folded = tokenize(text).map(fold);
      for (const hint of [...LANGS, undefined])
        assert.equal(
          detectLanguageOfTokens(reading.folded, text, vocabulary, hint, SEARCH_STOPWORDS, reading),
          detectLanguageOfTokens(folded, text, vocabulary, hint, SEARCH_STOPWORDS),
          `${JSON.stringify(text)} hint ${hint}`,
        );
    }
  });

  it('router and search together look the vocabulary up once per message, not twice', () => {
    const { vocabulary, counter } = countingVocabulary(SERVICE_WORDS);
    const text = 'Miten testiympäristön tunnukset haetaan?';
    const oneScoring = tokenize(text).length * LANGS.length;
    // Without a reading: the router's detection and the search's each look every token up.
    detectLanguage('something else entirely', vocabulary);
    counter.lookups = 0;
    const alone = languageOfText(text, 'en', (t, hint) => detectLanguage(t, vocabulary, hint));
    detectLanguageOfTokens(tokenize(text).map(fold), text, vocabulary, alone, SEARCH_STOPWORDS);
    assert.equal(counter.lookups, 2 * oneScoring);
    // With one: the router reads once (for all four hints), and the search reuses it.
    counter.lookups = 0;
    let reading: MessageLanguage | undefined;
    const lang = languageOfText(text, 'en', (t, hint) => (reading ??= new MessageLanguage(t, vocabulary)).detect(hint));
    assert.ok(reading);
    const searched = detectLanguageOfTokens(reading.folded, text, vocabulary, lang, SEARCH_STOPWORDS, reading);
    assert.equal(counter.lookups, oneScoring, 'one vocabulary look-up per token and language for the whole message');
    assert.equal(lang, alone);
    assert.equal(searched, 'fi');
  });

  it('a reading of another text, other tokens or another vocabulary (a reloaded KB) is never reused', () => {
    const { vocabulary: finnish, counter } = countingVocabulary({ fi: SERVICE_WORDS.fi, sv: [], en: [] });
    const { vocabulary: english } = countingVocabulary({ fi: [], sv: [], en: SERVICE_WORDS.en });
    const text = 'oppijanumero service';
    const reading = new MessageLanguage(text, finnish);
    const folded = tokenize(text).map(fold);
    // Another vocabulary: the reading's Finnish evidence would say fi.
    assert.equal(detectLanguageOfTokens(folded, text, english, undefined, SEARCH_STOPWORDS, reading), 'en');
    counter.lookups = 0;
    // Other tokens (the search standardised a word), or another text: looked up afresh.
    detectLanguageOfTokens(['oppijanumero'], text, finnish, undefined, SEARCH_STOPWORDS, reading);
    assert.equal(counter.lookups, 3);
    counter.lookups = 0;
    detectLanguageOfTokens(folded, 'oppijanumero  service', finnish, undefined, SEARCH_STOPWORDS, reading);
    assert.equal(counter.lookups, 6);
    // Equal tokens in another array are reused.
    counter.lookups = 0;
    detectLanguageOfTokens([...folded], text, finnish, undefined, SEARCH_STOPWORDS, reading);
    assert.equal(counter.lookups, 0);
  });
});

/**
 * Issue 16: the reply language of a message asks the detector about one text up to four times (each
 * hint, then none). The text's scores are worked out once and only the hint's bonus is added per call;
 * the verdicts are exactly those of the detector that scored every call afresh.
 */
import assert from 'node:assert/strict';
import { LANGS, type Lang } from '../../../bot/i18n/index.js';
import { languageOfText } from '../../../bot/i18n/reply-language.js';
import { fold, keyOf, Stopwords, tokenize } from '../../../bot/features/guidance/analyzer.js';
import { detectLanguage, detectLanguageOfTokens, languageOrder } from '../../../bot/features/guidance/language.js';
import { EMPTY_LEXICON } from '../../../bot/features/guidance/lexicon.js';
import { countingVocabulary, SERVICE_WORDS } from './counting-vocabulary.js';

const stopwords = new Stopwords(EMPTY_LEXICON);

/** The detector as it was before the scores were shared: every call scores every language afresh. */
function referenceDetect(text: string, vocabulary: Record<Lang, ReadonlySet<string>>, hint?: Lang): Lang {
  const folded = tokenize(text).map(fold);
  let best: Lang = hint ?? 'fi';
  let bestScore = -1;
  for (const lang of languageOrder(hint)) {
    let score = 2 * stopwords.hits(folded, lang);
    for (const token of folded) if (vocabulary[lang].has(keyOf(token, lang))) score += 1;
    if (lang === hint) score += 1.5;
    if (lang === 'sv' && /å/i.test(text)) score += 2;
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}

const TEXTS = [
  'Mikä on oppijanumero ja miten se luodaan?',
  'Miten testiympäristön tunnukset haetaan?',
  'Vad är ett studentnummer?',
  'Hur går anslutningen till tjänsten?',
  'How do we join the learner number service?',
  'oppijanumero',
  'service',
  'status',
  'Python 3.12',
  'å',
  'on the',
  'och',
  '',
  '   ',
  '?',
  'mikä on yleistunniste?',
];

describe('language detection on the hot path (issue 16)', () => {
  it('gives exactly the verdict of scoring afresh, for every text and hint', () => {
    const { vocabulary } = countingVocabulary(SERVICE_WORDS);
    for (const text of TEXTS) {
      for (const hint of [undefined, ...LANGS]) {
        assert.equal(
          detectLanguage(text, vocabulary, hint),
          referenceDetect(text, vocabulary, hint),
          `${JSON.stringify(text)} hint ${hint}`,
        );
        const folded = tokenize(text).map(fold);
        assert.equal(
          detectLanguageOfTokens(folded, text, vocabulary, hint),
          referenceDetect(text, vocabulary, hint),
          `tokens of ${JSON.stringify(text)} hint ${hint}`,
        );
      }
    }
  });

  it('scores a text once for all the hints the reply language asks about', () => {
    const { vocabulary, counter } = countingVocabulary(SERVICE_WORDS);
    const text = 'Miten testiympäristön tunnukset haetaan?';
    detectLanguage(text, vocabulary, 'fi');
    const perScoring = counter.lookups;
    assert.ok(perScoring > 0);
    detectLanguage(text, vocabulary, 'sv');
    detectLanguage(text, vocabulary, 'en');
    detectLanguage(text, vocabulary);
    assert.equal(counter.lookups, perScoring, 'the same text is not scored again');
    detectLanguage('Vad är ett studentnummer?', vocabulary, 'fi');
    assert.ok(counter.lookups > perScoring, 'another text is scored');
  });

  it('never reuses the scores with another vocabulary (a reloaded knowledge base)', () => {
    const text = 'oppijanumero service tjänst';
    const finnish = countingVocabulary({ fi: SERVICE_WORDS.fi, sv: [], en: [] }).vocabulary;
    const english = countingVocabulary({ fi: [], sv: [], en: SERVICE_WORDS.en }).vocabulary;
    assert.equal(detectLanguage(text, finnish), 'fi');
    assert.equal(detectLanguage(text, english), 'en');
    assert.equal(detectLanguage(text, finnish), 'fi');
  });

  it('languageOfText asks the detector about one text only once per message', () => {
    const { vocabulary, counter } = countingVocabulary(SERVICE_WORDS);
    const detect = (text: string, hint?: Lang) => detectLanguage(text, vocabulary, hint);
    const text = 'How do we join the learner number service?';
    const scoreAfresh = () => {
      detectLanguage('something else entirely', vocabulary);
      counter.lookups = 0;
    };
    scoreAfresh();
    detectLanguage(text, vocabulary);
    const oneScoring = counter.lookups;
    scoreAfresh();
    assert.equal(languageOfText(text, 'fi', detect), 'en');
    assert.equal(counter.lookups, oneScoring, 'one scoring of the text per message, not one per hint');
  });
});

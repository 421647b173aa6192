import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Analyzer, finnishPostRules, fold, keyOf, tokenize } from '../../../bot/features/guidance/analyzer.js';
import { parseLexicon } from '../../../bot/features/guidance/lexicon.js';
import { detectLanguage } from '../../../bot/features/guidance/language.js';

const corpus = [
  {
    lang: 'fi' as const,
    text: 'Oppijanumero haetaan testiympäristössä. Henkilötunnus ja käyttöoikeus. Rajapinta palauttaa oppijanumeron. Haku onnistuu.',
  },
  { lang: 'sv' as const, text: 'Studentnummer hämtas i testmiljön. Personbeteckning och gränssnitt.' },
  { lang: 'en' as const, text: 'The learner number is fetched with a personal identity code in the test environment.' },
];

describe('guidance analyzer', () => {
  const analyzer = new Analyzer(corpus, parseLexicon(readFileSync('kb/lexicon.yml', 'utf8')));
  const isStopword = (token: string) => analyzer.stopwords.has(token);
  const keys = (text: string, lang: 'fi' | 'sv' | 'en') =>
    analyzer.analyzeQuery(text, lang).map((w) => w.keys.filter((k) => k.kind === 'exact').map((k) => k.key)[0]);

  it('folds ä, ö and å and lower-cases tokens of letters and digits', () => {
    assert.equal(fold('käyttöoikeus'), 'kayttooikeus');
    assert.equal(fold('tjänsteanvändare på'), 'tjansteanvandare pa');
    assert.deepEqual(tokenize('Vaihe 5: **TGT** <b>on</b> `404`!'), ['vaihe', '5', 'tgt', 'on', '404']);
  });

  it('keeps a case ending after an abbreviation with the abbreviation (OPH:lta, TGT:llä)', () => {
    assert.deepEqual(tokenize('OPH:lta ja TGT:llä'), ['oph', 'ja', 'tgt']);
  });

  it('drops stopwords of every language and the question words', () => {
    for (const word of ['miten', 'kuinka', 'hur', 'vilken', 'how', 'the', 'ja', 'och']) assert.ok(isStopword(fold(word)), word);
    assert.ok(!isStopword('oppijanumero'));
    assert.deepEqual(
      analyzer.analyzeQuery('Miten saan oppijanumeron?', 'fi').map((w) => w.surface),
      ['oppijanumeron'],
    );
  });

  it('merges Finnish inflections with the post-stem rules', () => {
    const same = (forms: string[]) => new Set(forms.map((f) => keyOf(fold(f), 'fi'))).size === 1;
    assert.ok(same(['henkilötunnus', 'henkilötunnuksen', 'henkilötunnusta', 'henkilötunnukset']));
    assert.ok(same(['käyttöoikeus', 'käyttöoikeuden', 'käyttöoikeudet']));
    assert.ok(same(['rajapinta', 'rajapinnan', 'rajapintaan']));
    assert.ok(same(['testiympäristö', 'testiympäristössä', 'testiympäristöön']));
    // and stems without umlauts land on the same key
    assert.equal(keyOf(fold('henkilotunnuksen'), 'fi'), keyOf(fold('henkilötunnus'), 'fi'));
    assert.equal(finnishPostRules('tunnuks'), 'tunu');
  });

  it('splits compounds against the KB lexicon and the hand-kept parts', () => {
    assert.deepEqual(analyzer.split('oppijanumerohaku', 'fi').slice(0, 2), ['oppijanumero', 'haku']);
    const parts = analyzer.split(fold('testiympäristössä'), 'fi');
    assert.ok(parts.includes('testi'), parts.join());
    // a query word that is only a part finds the compound through the parts field
    const doc = analyzer.analyzeDocument('Testiympäristössä testataan.', 'fi');
    assert.ok(doc.parts.includes(keyOf('ymparisto', 'fi')), doc.parts.join());
  });

  it('guesses an unknown tail only for words the KB does not use itself', () => {
    const local = new Analyzer([{ lang: 'fi', text: 'testiqwxzvb' }], analyzer.words);
    assert.deepEqual(local.split('testiqwxzvb', 'fi'), []);
    assert.deepEqual(local.split('testizxcvbn', 'fi'), ['testi', 'zxcvbn']);
  });

  it('expands reviewed synonyms (hetu → henkilötunnus, api → rajapinta, personnummer → personbeteckning)', () => {
    const hetu = analyzer.analyzeQuery('hetu', 'fi')[0];
    assert.ok(hetu?.keys.some((k) => k.kind === 'synonym' && k.key === keyOf(fold('henkilötunnus'), 'fi')));
    const api = analyzer.analyzeQuery('API', 'fi')[0];
    assert.ok(api?.keys.some((k) => k.key === keyOf('rajapinta', 'fi')));
    const personnummer = analyzer.analyzeQuery('personnummer', 'sv')[0];
    assert.ok(personnummer?.keys.some((k) => k.key === keyOf('personbeteckning', 'sv')));
  });

  it('treats a known multi-word term as one word', () => {
    const words = analyzer.analyzeQuery('validating personal identity codes', 'en');
    assert.deepEqual(
      words.map((w) => w.surface),
      ['validating', 'personal identity codes'],
    );
    const doc = analyzer.analyzeDocument('A personal identity code.', 'en');
    assert.ok(
      doc.terms.some((t) => t.includes('_')),
      doc.terms.join(),
    );
  });

  it('keeps repeated words once (a pasted text is not more relevant for repeating itself)', () => {
    assert.equal(analyzer.analyzeQuery('oppijanumero oppijanumero oppijanumeron', 'fi').length, 1);
    assert.deepEqual(keys('rajapinta rajapinnan', 'fi').length, 1);
  });

  it('guesses the question language from stopwords, vocabulary and the locale hint', () => {
    const vocabulary = { fi: new Set<string>(), sv: new Set<string>(), en: new Set<string>() };
    assert.equal(detectLanguage('Hur länge gäller en TGT?', vocabulary), 'sv');
    assert.equal(detectLanguage('How long is a TGT valid?', vocabulary), 'en');
    assert.equal(detectLanguage('Kauanko TGT on voimassa?', vocabulary), 'fi');
    assert.equal(detectLanguage('TGT', vocabulary, 'sv'), 'sv');
  });
});

import assert from 'node:assert/strict';
import { loadKnowledgeBase } from '../../../bot/features/guidance/kb-loader.js';
import { bodyLines, NgramIndex } from '../../../bot/features/guidance/ngram-similarity.js';
import { SearchIndex } from '../../../bot/features/guidance/search-index.js';
import { bodyLead } from '../../../bot/features/guidance/engine.js';
import { writeMiniKb } from './mini-kb.js';

describe('guidance character n-gram similarity', () => {
  let index: NgramIndex;
  let bodyIndex: NgramIndex;
  let remove: () => Promise<void>;

  before(async () => {
    const kb = await writeMiniKb();
    remove = kb.remove;
    const loaded = await loadKnowledgeBase(kb.dir);
    const { analyzer } = SearchIndex.fromKnowledgeBase(loaded);
    index = NgramIndex.fromKnowledgeBase(loaded, analyzer);
    bodyIndex = NgramIndex.fromKnowledgeBase(loaded, analyzer, bodyLines);
  });
  after(async () => remove());

  it('finds the article of an example question asked word for word, with a clear lead', () => {
    const match = index.match('Kauanko TGT on voimassa?');
    assert.equal(match.bestArticle, 'cas-autentikaatio');
    assert.ok(match.best > 0.99, `similarity ${match.best}`);
    assert.ok(match.best - match.second > 0.5, `lead ${match.best - match.second}`);
  });

  it('tolerates missing ä/ö, typos and inflected forms that share no whole word with the article', () => {
    // "yksiloi hetutonta" / "dublikaatteja yhdistetaan": no word equals a word of the example questions.
    for (const [question, articleId] of [
      ['kuka yksiloi hetutonta', 'hetuttomat'],
      ['miten dublikaatteja yhdistetaan', 'duplikaatit'],
      ['hur slar man ihop dubletter', 'duplikaatit'],
      ['how long is TGT vaild', 'cas-autentikaatio'],
    ] as const) {
      const match = index.match(question);
      assert.equal(match.bestArticle, articleId, question);
      assert.ok(match.best > 0.3, `${question}: similarity ${match.best}`);
    }
  });

  it('scores every article in [0, 1] and the best article exactly as its per-article figure', () => {
    const match = index.match('testiympäristön tunnukset ennen liittymisilmoitusta');
    for (const [, score] of match.byArticle) assert.ok(score > 0 && score <= 1 + 1e-9, String(score));
    assert.equal(match.byArticle.get(match.bestArticle), match.best);
    assert.ok(match.second <= match.best);
    assert.deepEqual(NgramIndex.ranked(match, 1), [match.bestArticle]);
  });

  it('gives nothing for a question of only stopwords or punctuation, and little for an unrelated one', () => {
    assert.equal(index.match('mitä ja miten?').best, 0);
    assert.equal(index.match('?!').bestArticle, '');
    assert.ok(index.match('Wilma lukujärjestys').best < 0.2);
  });

  it('gives the same result for a question whatever was asked before (scratch buffers do not leak)', () => {
    const first = index.match('kuka yksiloi hetutonta');
    index.match('Kauanko TGT on voimassa?');
    const again = index.match('kuka yksiloi hetutonta');
    assert.deepEqual([...again.byArticle], [...first.byArticle]);
  });

  it('over body lines, finds the article whose one bullet states a detail no example question asks about', () => {
    const question = 'voiko tunnuksen pyytaa jo ennen liittymisilmoitusta';
    assert.equal(bodyIndex.match(question).bestArticle, 'testitunnukset');
    assert.ok(bodyIndex.match(question).best > index.match(question).byArticle.get('testitunnukset')!);
    // Scoring one article alone gives that article's figure of the full match.
    assert.ok(Math.abs(bodyIndex.similarityTo(question, 'testitunnukset') - bodyIndex.match(question).best) < 1e-9);
    assert.equal(bodyIndex.similarityTo(question, 'no-such-article'), 0);
  });

  it('similaritiesTo gives each article the figure similarityTo gives it alone, 0 for an unknown one', () => {
    const question = 'testitunnukset ennen liittymisilmoitusta';
    const ids = ['testitunnukset', 'duplikaatit', 'no-such-article', 'hetuttomat'];
    const together = bodyIndex.similaritiesTo(question, ids);
    assert.equal(together.length, ids.length);
    ids.forEach((id, i) => assert.ok(Math.abs((together[i] as number) - bodyIndex.similarityTo(question, id)) < 1e-12, id));
    assert.equal(together[2], 0);
    assert.ok((together[0] as number) > (together[1] as number), 'the article whose line is asked about is nearest');
  });
});

describe('a candidate’s lead in body-line similarity', () => {
  it('is its similarity minus the best other candidate’s: positive only for the nearest', () => {
    const similarities = [0.2, 0.5, 0.1];
    assert.ok(Math.abs(bodyLead(similarities, 1) - 0.3) < 1e-12);
    assert.ok(Math.abs(bodyLead(similarities, 0) + 0.3) < 1e-12);
    assert.ok(Math.abs(bodyLead(similarities, 2) + 0.4) < 1e-12);
    assert.equal(bodyLead([0.4], 0), 0.4);
  });
});

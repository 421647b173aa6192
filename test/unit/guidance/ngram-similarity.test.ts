import assert from 'node:assert/strict';
import { loadKnowledgeBase, type KnowledgeBase } from '../../../bot/features/guidance/kb-loader.js';
import { bodyLines, curatedDocuments, NgramIndex } from '../../../bot/features/guidance/ngram-similarity.js';
import { SearchIndex } from '../../../bot/features/guidance/search-index.js';
import { bodyLead } from '../../../bot/features/guidance/engine.js';
import { writeMiniKb } from './mini-kb.js';
import { eventLoopTurnsDuring, serializedState } from './sliced-build.js';

describe('guidance character n-gram similarity', () => {
  let index: NgramIndex;
  let bodyIndex: NgramIndex;
  let search: SearchIndex;
  let articleIds: string[];
  let loaded: KnowledgeBase;
  let remove: () => Promise<void>;

  before(async () => {
    const kb = await writeMiniKb();
    remove = kb.remove;
    loaded = await loadKnowledgeBase(kb.dir);
    search = SearchIndex.fromKnowledgeBase(loaded);
    const { analyzer } = search;
    articleIds = [...new Set(loaded.articles.map((a) => a.id))];
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

  const askedAbout = [
    'voiko tunnuksen pyytaa jo ennen liittymisilmoitusta',
    'Kauanko TGT on voimassa?',
    'kuka yksiloi hetutonta',
    'hur slar man ihop dubletter',
    'how long is TGT vaild',
    'Wilma lukujärjestys qxqzzy',
    'testiympäristön tunnukset testiympäristön tunnukset',
  ];

  it('similaritiesTo gives each article exactly its figure in the full match over every posting (same sums, same order)', () => {
    for (const question of askedAbout) {
      const full = bodyIndex.match(question);
      // Every article, one twice and an unknown one, in an order unlike the index's.
      const ids = [...articleIds].reverse().concat(articleIds[0] as string, 'no-such-article');
      const together = bodyIndex.similaritiesTo(question, ids);
      ids.forEach((id, i) => assert.equal(together[i], full.byArticle.get(id) ?? 0, `${question}: ${id}`));
    }
  });

  it('builds the same index in slices, letting queued events run between the documents', async () => {
    for (const [documentsOf, withPostings] of [
      [curatedDocuments, true],
      [bodyLines, false],
    ] as const) {
      const documents = loaded.articles.reduce((n, article) => n + documentsOf(article).length, 0);
      const whole = NgramIndex.fromKnowledgeBase(loaded, search.analyzer, documentsOf, withPostings);
      // One document per slice: a pause between every two documents of every pass over them.
      const { result: sliced, turns } = await eventLoopTurnsDuring(() =>
        NgramIndex.fromKnowledgeBaseAsync(loaded, search.analyzer, documentsOf, withPostings, 1),
      );
      assert.ok(turns >= documents, `${documentsOf.name}: ${turns} turns of the event loop for ${documents} documents`);
      const state = serializedState(sliced);
      assert.ok(state.length > 10_000, `${documentsOf.name}: the serialized state holds the postings`);
      assert.equal(state, serializedState(whole), documentsOf.name);
      for (const question of askedAbout) {
        assert.deepEqual(sliced.match(question), whole.match(question), question);
        assert.deepEqual(sliced.similaritiesTo(question, articleIds), whole.similaritiesTo(question, articleIds), question);
      }
    }
  });

  it("takes the search's content tokens for the text: matchWords and similaritiesOfWords give match's and similaritiesTo's figures", () => {
    for (const question of askedAbout) {
      const { tokens } = search.search(question);
      assert.deepEqual(tokens, index.words(question), question);
      assert.deepEqual(index.matchWords(tokens), index.match(question), question);
      assert.deepEqual(bodyIndex.similaritiesOfWords(tokens, articleIds), bodyIndex.similaritiesTo(question, articleIds), question);
    }
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

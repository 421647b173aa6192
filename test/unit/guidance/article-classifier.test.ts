import assert from 'node:assert/strict';
import { Analyzer } from '../../../bot/features/guidance/analyzer.js';
import { ArticleClassifier, classifierLead, type TrainingDocument } from '../../../bot/features/guidance/article-classifier.js';
import { loadKnowledgeBase } from '../../../bot/features/guidance/kb-loader.js';
import { SearchIndex } from '../../../bot/features/guidance/search-index.js';
import { writeMiniKb } from './mini-kb.js';
import { eventLoopTurnsDuring } from './sliced-build.js';

/**
 * Two guides that share most of their words and differ in one ("laajat" / "suppeat"), and a third
 * about something else: what tells the first two apart is the one word, which a nearest-neighbour
 * similarity weighs no more than the shared ones.
 */
const DOCUMENTS: TrainingDocument[] = [
  { label: 'laajat', lang: 'fi', text: 'Käyttöoikeudet laajat tiedot' },
  { label: 'laajat', lang: 'fi', text: 'Miten haetaan laajat tiedot oppijanumerorekisteristä?' },
  { label: 'laajat', lang: 'fi', text: 'Laajat tiedot sisältävät osoitteet ja yhteystiedot' },
  { label: 'suppeat', lang: 'fi', text: 'Käyttöoikeudet suppeat tiedot' },
  { label: 'suppeat', lang: 'fi', text: 'Miten haetaan suppeat tiedot oppijanumerorekisteristä?' },
  { label: 'suppeat', lang: 'fi', text: 'Suppeat tiedot sisältävät nimen ja oppijanumeron' },
  { label: 'duplikaatit', lang: 'fi', text: 'Duplikaattien yhdistäminen' },
  { label: 'duplikaatit', lang: 'fi', text: 'Miten kaksi henkilöä yhdistetään?' },
];

const analyzerOf = (documents: readonly TrainingDocument[]) => new Analyzer(documents.map((d) => ({ lang: d.lang, text: d.text })));
const argmax = (p: Float64Array) => p.indexOf(Math.max(...p));

describe('guidance article classifier', () => {
  const analyzer = analyzerOf(DOCUMENTS);
  const model = ArticleClassifier.train(DOCUMENTS, analyzer);

  it('tells apart two articles that differ in one word, also inflected ("laajoja" / "suppeita")', () => {
    for (const [question, label] of [
      ['tarvitaanko laajoja tietoja käyttöoikeuksiin?', 'laajat'],
      ['riittääkö suppeita tietoja?', 'suppeat'],
      ['kaksi samaa henkilöä pitäisi yhdistää', 'duplikaatit'],
    ] as const) {
      const p = model.probabilities(question, 'fi');
      assert.equal(model.labels[argmax(p)], label, question);
      assert.equal(model.best(p), label, question);
      assert.ok(model.probabilityOf(p, label) > 0.5, `${question}: ${model.probabilityOf(p, label)}`);
    }
  });

  it('gives probabilities in (0, 1) that sum to 1, one per article', () => {
    for (const question of ['laajat tiedot', 'Wilma lukujärjestys', '', '?!']) {
      const p = model.probabilities(question, 'fi');
      assert.equal(p.length, 3);
      assert.ok(
        p.every((x) => x > 0 && x < 1),
        String([...p]),
      );
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    }
  });

  it('is deterministic: the same documents give the same model, whatever was asked in between', () => {
    const again = ArticleClassifier.train(DOCUMENTS, analyzerOf(DOCUMENTS));
    model.probabilities('duplikaatit', 'fi');
    for (const question of ['laajat tiedot', 'suppeat', 'yhdistäminen'])
      assert.deepEqual([...again.probabilities(question, 'fi')], [...model.probabilities(question, 'fi')]);
  });

  it('trains the same model in slices, letting queued events run in between', async () => {
    let ranDuringTraining = false;
    setImmediate(() => {
      ranDuringTraining = true;
    });
    // A slice of 5 documents: the test set's 8 epochs make many slices.
    const sliced = await ArticleClassifier.trainAsync(DOCUMENTS, analyzerOf(DOCUMENTS), {}, 5);
    // Training in one piece would have finished before the queued callback (an await resumes first).
    assert.equal(ranDuringTraining, true);
    for (const question of ['laajat tiedot', 'testitunnukset', 'dublikaatti'])
      assert.deepEqual([...sliced.probabilities(question, 'fi')], [...model.probabilities(question, 'fi')]);
  });

  it('turns the documents into features in slices too (no training step needed for a pause)', async () => {
    // No epochs: all the work is turning the 8 documents into features, 1 per slice.
    const { result: untrained, turns } = await eventLoopTurnsDuring(() =>
      ArticleClassifier.trainAsync(DOCUMENTS, analyzerOf(DOCUMENTS), { epochs: 0 }, 1),
    );
    assert.ok(turns >= DOCUMENTS.length - 1, `${turns} turns of the event loop`);
    const whole = ArticleClassifier.train(DOCUMENTS, analyzerOf(DOCUMENTS), { epochs: 0 });
    assert.deepEqual(untrained.labels, whole.labels);
    assert.deepEqual([...untrained.probabilities('laajat tiedot', 'fi')], [...whole.probabilities('laajat tiedot', 'fi')]);
  });

  it('gives every article the same probability for a text with no known feature (no prior from example counts)', () => {
    for (const question of ['Wilma lukujärjestys', 'qqq zzz', ''])
      for (const p of model.probabilities(question, 'fi')) assert.ok(Math.abs(p - 1 / 3) < 1e-12, question);
  });

  it('knows no article it was not trained on', () => {
    const p = model.probabilities('laajat tiedot', 'fi');
    assert.equal(model.probabilityOf(p, 'no-such-article'), 0);
    assert.equal(model.classOf('no-such-article'), -1);
    assert.equal(model.classOf('laajat'), 0);
  });

  it("trains on every language version of a KB's articles, memoised per KB content", async () => {
    const mini = await writeMiniKb();
    try {
      const kb = await loadKnowledgeBase(mini.dir);
      const first = await ArticleClassifier.fromKnowledgeBaseAsync(kb, SearchIndex.fromKnowledgeBase(kb).analyzer);
      const reloaded = await loadKnowledgeBase(mini.dir);
      assert.equal(await ArticleClassifier.fromKnowledgeBaseAsync(reloaded, SearchIndex.fromKnowledgeBase(reloaded).analyzer), first);
      assert.deepEqual([...first.labels].sort(), [...kb.byId.keys()].sort());
      // Each language's own words, and an English question carrying the Finnish term.
      for (const [question, lang, id] of [
        ['miten dublikaatit yhdistetaan', 'fi', 'duplikaatit'],
        ['hur slår man ihop dubbletter', 'sv', 'duplikaatit'],
        ['credentials for testiympäristö', 'en', 'testitunnukset'],
      ] as const)
        assert.equal(first.best(first.probabilities(question, lang)), id, question);
      // The engine hands over the search's content tokens instead of the text: the same probabilities.
      const index = SearchIndex.fromKnowledgeBase(kb);
      const withTokens = await ArticleClassifier.fromKnowledgeBaseAsync(kb, index.analyzer);
      for (const question of ['Miten oo dublikaatit yhdistetään?', 'credentials for testiympäristö', 'hur slår man ihop dubbletter'])
        assert.deepEqual(
          [...withTokens.probabilitiesOfWords(index.search(question).tokens, 'fi')],
          [...withTokens.probabilities(question, 'fi')],
          question,
        );
    } finally {
      await mini.remove();
    }
  });
});

describe('guidance classifier lead', () => {
  it('is positive only for the most probable candidate, by the log-odds over the next', () => {
    const probabilities = [0.6, 0.3, 0.1];
    assert.ok(Math.abs(classifierLead(probabilities, 0) - Math.log(2)) < 1e-12);
    assert.ok(Math.abs(classifierLead(probabilities, 1) + Math.log(2)) < 1e-12);
    assert.ok(classifierLead(probabilities, 2) < classifierLead(probabilities, 1));
  });

  it('stays finite when a probability is 0 or the candidate is alone', () => {
    assert.ok(Number.isFinite(classifierLead([0, 0.5], 0)));
    assert.ok(Number.isFinite(classifierLead([0.5], 0)));
    assert.ok(classifierLead([0.5], 0) > 0);
  });
});

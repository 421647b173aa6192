import assert from 'node:assert/strict';
import { MAX_QUERY_WORDS } from '../../../bot/features/guidance/analyzer.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../../bot/features/guidance/kb-loader.js';
import { SearchIndex, type SearchOutcome } from '../../../bot/features/guidance/search-index.js';
import { writeMiniKb } from './mini-kb.js';
import { eventLoopTurnsDuring, serializedState } from './sliced-build.js';

describe('guidance search index', () => {
  let index: SearchIndex;
  let loaded: KnowledgeBase;
  let remove: () => Promise<void>;

  before(async () => {
    const kb = await writeMiniKb();
    remove = kb.remove;
    loaded = await loadKnowledgeBase(kb.dir);
    index = SearchIndex.fromKnowledgeBase(loaded);
  });
  after(async () => remove());

  const questions: Array<[string, { lang?: 'fi' | 'sv' | 'en'; hint?: 'fi' | 'sv' | 'en' }]> = [
    ['Kauanko TGT on voimassa?', {}],
    ['Hur länge gäller en TGT?', {}],
    ['How are duplicates merged?', {}],
    ['testiymparistoon tunnukset', { lang: 'fi' }],
    ['duplikaattien yhdistämnen', {}],
    ['kuka yksilöi hetuttoman', { hint: 'sv' }],
    ['Hae duplikaatteja Yhdistä masterhenkilö', { lang: 'en' }],
  ];

  it('gives the same outcome for a question whatever was asked before (no state leaks between searches)', () => {
    const first = new Map<string, SearchOutcome>();
    for (const [q, options] of questions) first.set(q, index.search(q, options));
    // Asked again in reverse order, with a long unrelated question in between each.
    for (const [q, options] of [...questions].reverse()) {
      index.search(`${'testiympäristö tunnukset palvelukäyttäjä virkailija duplikaatti '.repeat(10)}`, { lang: 'fi' });
      assert.deepEqual(index.search(q, options), first.get(q), q);
    }
    assert.ok(first.get('Kauanko TGT on voimassa?')?.hits.length, 'the questions do find something');
  });

  it("gives each language's word weights beside its words, as wordWeight has them", () => {
    for (const [q, options] of questions) {
      const outcome = index.search(q, options);
      for (const lang of ['fi', 'sv', 'en'] as const) {
        assert.deepEqual(
          outcome.weights[lang],
          outcome.words[lang].map((word) => index.wordWeight(word, lang)),
          `${q} (${lang})`,
        );
      }
    }
  });

  it('lists the question words each hit matched, from its best language version', () => {
    const outcome = index.search('testiympäristön tunnukset wilma', { lang: 'fi' });
    const top = outcome.hits[0];
    assert.equal(top?.articleId, 'testitunnukset');
    assert.equal(top?.matchedLang, 'fi');
    assert.ok(top?.matchedWords.includes('tunnukset'), top?.matchedWords.join());
    assert.ok(!top?.matchedWords.includes('wilma'));
    assert.ok(top && top.coverage > 0 && top.coverage < 1);
  });

  it('analyses at most MAX_QUERY_WORDS words of a long paste', () => {
    const paste = Array.from({ length: 200 }, (_, i) => `sana${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}x`).join(' ');
    assert.equal(index.analyzer.analyzeQuery(paste, 'fi').length, MAX_QUERY_WORDS);
    const outcome = index.search(`${paste} testiympäristö`, { lang: 'fi' });
    assert.equal(outcome.wordCount, MAX_QUERY_WORDS);
    // The word after the cut is not searched.
    assert.ok(outcome.hits.every((h) => !h.matchedWords.includes('testiymparisto')));
  });

  it('builds the same index in slices, letting queued events run between the articles', async () => {
    const whole = SearchIndex.fromKnowledgeBase(loaded);
    // One article per slice: a pause after the analyzer and between every two of the 12 articles.
    const { result: sliced, turns } = await eventLoopTurnsDuring(() => SearchIndex.fromKnowledgeBaseAsync(loaded, 1));
    assert.ok(turns >= loaded.articles.length, `${turns} turns of the event loop`);
    const state = serializedState(sliced);
    assert.ok(state.includes('"tgt"'), 'the serialized state holds the indexed keys');
    assert.equal(state, serializedState(whole));
    for (const [q, options] of questions) assert.deepEqual(sliced.search(q, options), whole.search(q, options), q);
  });

  it('analyses tokens the same way as text', () => {
    const text = 'Miten personal identity code ja hetu löytyvät testiympäristöstä?';
    for (const lang of ['fi', 'sv', 'en'] as const) {
      assert.deepEqual(index.analyzer.analyzeTokens(index.analyzer.contentTokens(text), lang), index.analyzer.analyzeQuery(text, lang));
    }
  });
});

import assert from 'node:assert/strict';
import { headWithNgramJoiners, withSecondOpinion, type RankedArticle } from '../../../bot/features/guidance/engine.js';
import type { NgramMatch } from '../../../bot/features/guidance/ngram-similarity.js';
import type { ArticleHit } from '../../../bot/features/guidance/search-index.js';

const hit = (articleId: string): ArticleHit => ({
  articleId,
  matchedLang: 'fi',
  score: 1,
  confidence: 1,
  coverage: 1,
  weightedCoverage: 1,
  matchedWords: [],
});
const ids = (hits: ArticleHit[]) => hits.map((h) => h.articleId);
const match = (byArticle: Record<string, number>): NgramMatch => {
  const sorted = Object.entries(byArticle).sort((a, b) => b[1] - a[1]);
  return { byArticle: new Map(sorted), bestArticle: sorted[0]?.[0] ?? '', best: sorted[0]?.[1] ?? 0, second: sorted[1]?.[1] ?? 0 };
};
const searchOrder = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(hit);

describe('re-ranked head with the article nearest by n-grams', () => {
  it('moves the nearest article up behind the first five when the word search placed it lower', () => {
    const { pool, headSize } = headWithNgramJoiners(searchOrder, match({ g: 0.8, a: 0.5, f: 0.4 }));
    assert.equal(headSize, 6);
    assert.deepEqual(ids(pool), ['a', 'b', 'c', 'd', 'e', 'g', 'f', 'h']);
  });

  it('leaves the order alone when the nearest article is already among the first five', () => {
    const { pool, headSize } = headWithNgramJoiners(searchOrder, match({ b: 0.8, h: 0.5 }));
    assert.equal(headSize, 5);
    assert.deepEqual(ids(pool), ids(searchOrder));
  });

  it('adds nothing when no article shares an n-gram or the nearest one was not found by the word search', () => {
    assert.deepEqual(ids(headWithNgramJoiners(searchOrder, match({})).pool), ids(searchOrder));
    const unseen = headWithNgramJoiners(searchOrder, match({ zz: 0.9 }));
    assert.equal(unseen.headSize, 5);
    assert.deepEqual(ids(unseen.pool), ids(searchOrder));
  });

  it('re-ranks every hit when there are five or fewer', () => {
    const few = searchOrder.slice(0, 3);
    assert.deepEqual(headWithNgramJoiners(few, match({ c: 0.9 })), { pool: few, headSize: 3 });
  });
});

describe("the suggestion list's second opinion (the article classifier's pick)", () => {
  // Only the ids matter to withSecondOpinion; the article itself is never read.
  const ranked = (...idList: string[]): RankedArticle[] => idList.map((id) => ({ ...hit(id), article: {} as RankedArticle['article'] }));
  const idsOf = (list: RankedArticle[]) => list.map((r) => r.articleId);

  it('takes the third place when the three re-ranked articles lack it, and never the first', () => {
    assert.deepEqual(idsOf(withSecondOpinion(ranked('a', 'b', 'c'), ranked('x')[0] ?? null)), ['a', 'b', 'x']);
  });

  it('joins a shorter list at its end', () => {
    assert.deepEqual(idsOf(withSecondOpinion(ranked('a'), ranked('x')[0] ?? null)), ['a', 'x']);
  });

  it('changes nothing when the pick is already listed, was not found, or there is no answer to add to', () => {
    assert.deepEqual(idsOf(withSecondOpinion(ranked('a', 'b', 'c'), ranked('b')[0] ?? null)), ['a', 'b', 'c']);
    assert.deepEqual(idsOf(withSecondOpinion(ranked('a', 'b', 'c'), null)), ['a', 'b', 'c']);
    assert.deepEqual(idsOf(withSecondOpinion([], ranked('x')[0] ?? null)), []);
  });
});

import assert from 'node:assert/strict';
import { classify, closeSecond, DEFAULT_THRESHOLDS } from '../../../bot/features/guidance/bands.js';
import type { ArticleHit } from '../../../bot/features/guidance/search-index.js';

const hit = (articleId: string, confidence: number, coverage: number): ArticleHit => ({
  articleId,
  matchedLang: 'fi',
  score: confidence * 10,
  confidence,
  coverage,
  weightedCoverage: coverage,
  matchedWords: [],
});

describe('guidance answer bands', () => {
  const { answerConfidence, answerCoverage, suggestCoverage, suggestConfidence } = DEFAULT_THRESHOLDS;

  it('answers only with enough confidence and coverage', () => {
    assert.equal(classify([hit('a', answerConfidence, answerCoverage)]), 'answer');
    assert.equal(classify([hit('a', answerConfidence - 0.01, 1)]), 'suggest');
    assert.equal(classify([hit('a', answerConfidence * 10, answerCoverage - 0.01)]), 'suggest');
  });

  it('suggests when any of the three titles is a fair partial match, else does not know', () => {
    assert.equal(classify([hit('a', 0.1, 0.2), hit('b', 0.1, 0.2), hit('c', 0.1, suggestCoverage)]), 'suggest');
    assert.equal(classify([hit('a', suggestConfidence, 0.1)]), 'suggest');
    assert.equal(classify([hit('a', 0.1, 0.2), hit('b', 0.1, 0.2), hit('c', 0.1, 0.2), hit('d', 50, 1)]), 'unknown');
    assert.equal(classify([]), 'unknown');
  });

  it('offers a runner-up only when it is close to the top', () => {
    assert.equal(closeSecond([hit('a', 20, 1), hit('b', 18, 1)])?.articleId, 'b');
    assert.equal(closeSecond([hit('a', 20, 1), hit('b', 17.9, 1)]), null);
    assert.equal(closeSecond([hit('a', 20, 1)]), null);
  });
});

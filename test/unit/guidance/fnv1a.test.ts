import assert from 'node:assert/strict';
import { fnv1a } from '../../../bot/features/guidance/fnv1a.js';
import { stableHash } from '../../../bot/features/guidance/question-bank.js';

describe('fnv1a', () => {
  it('is FNV-1a 32-bit, the question bank’s fold hash, and a seed gives another family', () => {
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('abc'), 440920331);
    for (const text of ['q-1', 'frozen:o-fi-001', 'ä€😀']) assert.equal(stableHash(text), fnv1a(text));
    assert.notEqual(fnv1a('abc', 0x9e3779b1), fnv1a('abc'));
    assert.ok(fnv1a('ä€😀') >= 0 && fnv1a('ä€😀') <= 0xffffffff);
  });
});

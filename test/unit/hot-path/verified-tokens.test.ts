/**
 * Issue 16: verified channel tokens are found by the tail of their signature and then compared whole,
 * so a look-up does not hash a ~1.2 KB string per activity, and a hit is still the exact same token.
 */
import assert from 'node:assert/strict';
import { VerifiedTokens } from '../../../bot/teams/verified-tokens.js';

const token = (body: string, tail: string) => `eyJhbGciOiJSUzI1NiJ9.${body}.${'s'.repeat(300)}${tail}`;
const fresh = (text: string) => Buffer.from(text).toString('latin1');

describe('verified channel tokens (issue 16)', () => {
  it('finds a token by its text, also when the request brings it as a new string', () => {
    const tokens = new VerifiedTokens<number>(4);
    const text = token('payload-a', 'x'.repeat(64));
    tokens.set(text, 1);
    assert.equal(tokens.get(fresh(text)), 1);
  });

  it('never answers for another token with the same tail', () => {
    const tokens = new VerifiedTokens<number>(4);
    const tail = 'y'.repeat(64);
    tokens.set(token('payload-a', tail), 1);
    assert.equal(tokens.get(token('payload-b', tail)), undefined, 'same tail, another payload');
    assert.equal(tokens.get(`X${token('payload-a', tail).slice(1)}`), undefined, 'same length and tail, another header');
    tokens.set(token('payload-b', tail), 2);
    assert.equal(tokens.get(token('payload-b', tail)), 2);
    assert.equal(tokens.get(token('payload-a', tail)), undefined, 'displaced: a miss, never a wrong hit');
  });

  it('deletes only the token it is asked to', () => {
    const tokens = new VerifiedTokens<number>(4);
    const tail = 'z'.repeat(64);
    tokens.set(token('payload-a', tail), 1);
    tokens.delete(token('payload-b', tail));
    assert.equal(tokens.get(token('payload-a', tail)), 1);
    tokens.delete(fresh(token('payload-a', tail)));
    assert.equal(tokens.get(token('payload-a', tail)), undefined);
  });

  it('short texts are their own key; the memory is bounded', () => {
    const tokens = new VerifiedTokens<number>(2);
    tokens.set('a.b.c', 1);
    tokens.set(token('p', '1'.repeat(64)), 2);
    tokens.set(token('p', '2'.repeat(64)), 3);
    assert.equal(tokens.get('a.b.c'), undefined, 'the least recent was forgotten');
    assert.equal(tokens.get(token('p', '2'.repeat(64))), 3);
  });
});

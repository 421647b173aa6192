/**
 * Issue 16, round 4: a log string with digits but no six in a row (a conversation id "a:chat-5", an
 * article id "vaihe-5-…", a count) skips the masker too; for every string the result is exactly the
 * full path's (redactTextFully), so nothing that was masked before goes unmasked.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { redactText, redactTextFully } from '../../../bot/privacy.js';

/** A small deterministic generator, so a failure names a reproducible string. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// Pieces that make up codes, tickets and secrets, plus plain text; joined at random they give strings
// close to every pattern's edge (five digits, six digits, a sign between, a keyword's prefix…).
const PIECES = [
  '0',
  '1',
  '2',
  '5',
  '9',
  '12',
  '123',
  '0101',
  '9',
  '90',
  '900',
  '-',
  '+',
  'A',
  'F',
  'U',
  'Y',
  'P',
  ' ',
  ' - ',
  'ST-',
  'TGT-',
  'st-',
  'x',
  'abc',
  'Bearer ',
  'basic ',
  'eyJ',
  'SESSION=',
  'passwd=',
  'secret=',
  ':',
  ';',
  '=',
  '.',
  'a:chat-',
  'vaihe-',
  'id',
  '\u200B',
  '０',
  '１',
  '\u2212',
  '\u00A0',
  'ä',
];

function sample(next: () => number): string {
  const length = 1 + Math.floor(next() * 12);
  let out = '';
  for (let i = 0; i < length; i++) out += PIECES[Math.floor(next() * PIECES.length)];
  return out;
}

describe('issue 16: redaction fast path for strings with a few digits', () => {
  afterEach(() => sinon.restore());

  it('ids and counts with fewer than six digits in a row are returned without normalising', () => {
    const normalize = sinon.spy(String.prototype, 'normalize');
    for (const text of ['a:bench-app-5', 'vaihe-5-oppijanumeron-luonti', '29:1abc-2def', 'took 12345 ms', 'KY-2026-0001', 'conf 0.59']) {
      assert.equal(redactText(text), text);
    }
    assert.equal(normalize.callCount, 0, 'the masker was not run');
  });

  it('six digits in a row, a ticket or a non-ASCII character still take the full path', () => {
    const normalize = sinon.spy(String.prototype, 'normalize');
    redactText('call 0101909');
    redactText('ST-1-abc');
    redactText('päivä 5');
    assert.equal(normalize.callCount, 3);
  });

  it('gives exactly the full path’s result for 20,000 strings built around every pattern’s edge', () => {
    const next = random(16);
    let changed = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = sample(next);
      const full = redactTextFully(text);
      if (full !== text) changed++;
      assert.equal(redactText(text), full, JSON.stringify(text));
    }
    // The corpus reaches the patterns: many strings are in fact masked or redacted.
    assert.ok(changed > 500, `only ${changed} strings were redacted`);
  });
});

import assert from 'node:assert/strict';
import { normaliseQuestion, prepareLine, prepareMultiline, voteKey } from '../../../bot/features/guidance/escalation/text-input.js';

// A test-range henkilötunnus (individual number 900–999, correct check character).
const TEST_HETU = '010190-900P';

describe('escalation text input', () => {
  it('masks personal ids, collapses whitespace and bounds a one-line question', () => {
    const out = prepareLine(`  Miksi\n\t${TEST_HETU}   ei löydy?\u0007 `, 2000);
    assert.equal(out.text, 'Miksi [henkilötunnus] ei löydy?');
    assert.equal(out.masked, true);
    const long = prepareLine('a'.repeat(3000), 2000);
    assert.equal(long.text.length, 2000);
    assert.ok(long.text.endsWith('…'));
    assert.equal(prepareLine('Tavallinen kysymys', 2000).masked, false);
  });

  it('keeps paragraphs of a multi-line answer but drops control characters and extra blank lines', () => {
    const out = prepareMultiline(`Rivi 1\r\nRivi 2  \n\n\n\nKappale ${TEST_HETU}\u0000`, 4000);
    assert.equal(out.text, 'Rivi 1\nRivi 2\n\nKappale [henkilötunnus]');
    assert.equal(out.masked, true);
  });

  it('normalises case, punctuation, spacing and the mask word so variants group together', () => {
    const variants = ['Mikä on OID?', 'mikä on oid', '  MIKÄ  ON  OID!!! ', 'Mikä on [henkilötunnus] OID?'];
    assert.deepEqual(new Set(variants.map(normaliseQuestion)), new Set(['mikä on oid']));
    assert.equal(normaliseQuestion('Ｍｉｋä'), 'mikä', 'full-width letters fold (NFKC)');
    assert.equal(normaliseQuestion('🙂 ?!'), '');
    assert.ok(normaliseQuestion('sana '.repeat(200)).length <= 300);
  });

  it('derives a stable vote key per article and question', () => {
    assert.equal(voteKey('yksilointi', 'mikä on oid'), voteKey('yksilointi', 'mikä on oid'));
    assert.notEqual(voteKey('yksilointi', 'mikä on oid'), voteKey('duplikaatit', 'mikä on oid'));
    assert.notEqual(voteKey('a', 'bc'), voteKey('ab', 'c'), 'the separator keeps the two parts apart');
    assert.match(voteKey('a', 'b'), /^[0-9a-f]{40}$/);
  });
});

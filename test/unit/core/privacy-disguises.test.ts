/**
 * Issue 12 item 2 (A-PRIV-1/3): the one henkilötunnus detector in bot/privacy.ts sees through every
 * disguise in test/helpers/fuzz.ts (invisible and format characters, bidi controls, combining marks,
 * tag characters, other digit sets, no-break spaces, glued letters), the masker leaves no part of the
 * code behind, and the CI privacy scanner uses the same normalisation.
 *
 * Real-range codes exist only at run time (built from the check-character algorithm).
 */
import assert from 'node:assert/strict';
import { containsPersonalId, maskPersonalIds, normaliseForDetection, redactText, HETU_MASK } from '../../../bot/privacy.js';
import { guardHetu } from '../../../bot/features/lookup/identifiers.js';
import { scanText } from '../../../scripts/privacy-scan.js';
import { CENTURY_SIGNS, SeededRandom, hetuDisguises, makeHetu } from '../../helpers/fuzz.js';

const rng = new SeededRandom(0x12_0002);

/** Every 4-character run of the code's digits: none may survive masking. */
function digitRuns(code: string): string[] {
  const digits = code.replace(/\D/g, '');
  return Array.from({ length: digits.length - 3 }, (_, i) => digits.slice(i, i + 4));
}

describe('issue 12 item 2: one detector sees through disguised henkilötunnus codes', () => {
  it('has at least 26 disguise variants', () => {
    assert.ok(hetuDisguises(makeHetu(rng, { kind: 'real', sign: '-' })).length >= 26);
  });

  for (const sign of ['-', 'A', 'Y', '+']) {
    it(`masks every disguise of a real-range code with sign ${sign}, leaving no part of it`, () => {
      const code = makeHetu(rng, { kind: 'real', sign });
      for (const [name, text] of hetuDisguises(code)) {
        assert.equal(containsPersonalId(text), true, `detector: ${name}`);
        const { text: out, masked } = maskPersonalIds(text);
        assert.equal(masked, true, `masked: ${name}`);
        assert.ok(out.includes(HETU_MASK), name);
        const folded = normaliseForDetection(out);
        for (const run of digitRuns(code)) assert.ok(!folded.includes(run), `${name}: a part of the code survived`);
        assert.ok(!redactText(text).includes(code.slice(7)), `logger redaction: ${name}`);
      }
    });
  }

  it('the CI privacy scanner finds every disguise of a real-range code (same normalisation)', () => {
    for (const sign of Object.keys(CENTURY_SIGNS)) {
      const code = makeHetu(rng, { kind: 'real', sign });
      for (const [name, text] of hetuDisguises(code)) {
        const kinds = scanText(`{"text":${JSON.stringify(text)}}`).map((f) => f.kind);
        assert.deepEqual(kinds, ['hetu-real'], `sign ${sign}: ${name}`);
      }
    }
  });

  it('the look-up guard reads a test code in any digit set or with invisible characters as the plain code', () => {
    const code = makeHetu(rng, { kind: 'test', sign: 'A' });
    for (const [name, text] of hetuDisguises(code)) {
      if (/glued|sentence|punctuation|no-break|narrow/.test(name)) continue; // not a bare identifier
      const result = guardHetu(text);
      assert.deepEqual(result, { ok: true, value: code }, name);
    }
  });

  it('leaves OIDs, long numbers, phone numbers, dates, UUIDs and hashes alone', () => {
    let code = makeHetu(rng, { kind: 'real', sign: '-' });
    // A code whose check character is a hex digit can sit inside a UUID by chance.
    while (!/[0-9A-F]$/.test(code)) code = makeHetu(rng, { kind: 'real', sign: '-' });
    const uuid = `ab${code}-${'4abc-8def-0123456789ab'}`.toLowerCase();
    const hash = `${code.replace('-', 'a')}${'0123456789abcdef'.repeat(2)}`.toLowerCase();
    const samples = [
      'OID 1.2.246.562.24.00000000001 ja 1.2.246.562.98.55500000017',
      'puhelin 0401234567, +358 40 123 4567, vuosi 2026, 2026-12-05T12:45:57.123Z',
      `tilausnumero 1${code.replace('-', '')}2`,
      `id ${uuid.slice(0, 36)}`,
      `hash ${hash}`,
    ];
    for (const text of samples) assert.deepEqual(maskPersonalIds(text), { text, masked: false }, text);
  });
});

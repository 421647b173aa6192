import assert from 'node:assert/strict';
import {
  CENTURY_SIGNS,
  checkNames,
  guardHetu,
  guardOid,
  hetuCheckChar,
  ibm731CheckDigit,
  luhnCheckDigit,
  makePersonOid,
} from '../../../bot/features/lookup/identifiers.js';
import { personOid } from '../../../dev/fake-onr/rules.js';

// Individual number 899 (outside the test range) with a deliberately WRONG check character; assembled at
// run time so no real-range-looking code stands in the repository.
const OUT_OF_RANGE_INVALID_HETU = ['010594Y', '899', 'A'].join('');

/** Builds a TEST code (individual number 900–999) with its correct check character. */
function testHetu(ddmmyy: string, sign: string, individual: string): string {
  assert.ok(Number(individual) >= 900, 'tests build test-range codes only');
  return `${ddmmyy}${sign}${individual}${hetuCheckChar(ddmmyy, individual)}`;
}

/** Gives the code a check character that is NOT the correct one: the result is deliberately INVALID. */
function withWrongCheck(code: string): string {
  const right = hetuCheckChar(code.slice(0, 6), code.slice(7, 10));
  return code.slice(0, 10) + (right === 'A' ? 'B' : 'A');
}

describe('lookup identifier guard: henkilötunnus', () => {
  it('accepts the worked test codes of the ONR reference', () => {
    for (const code of [
      '150605A9138',
      '150605B9138',
      '290288-944F',
      '290288Y944F',
      '311299-966C',
      '010170U9815',
      '241012C927J',
      '070707F990W',
      '121285-902E',
    ]) {
      assert.deepEqual(guardHetu(code), { ok: true, value: code }, code);
    }
  });

  it('accepts every century sign, old and 2023 (+ - A B C D E F Y X W V U)', () => {
    assert.deepEqual([...CENTURY_SIGNS].sort(), ['+', '-', 'A', 'B', 'C', 'D', 'E', 'F', 'U', 'V', 'W', 'X', 'Y'].sort());
    for (const sign of CENTURY_SIGNS) {
      const code = testHetu('150605', sign, '913');
      const result = guardHetu(code);
      assert.equal(result.ok, true, `sign ${sign}`);
    }
  });

  it('keeps the century sign: codes that differ only by sign stay different', () => {
    const classic = guardHetu('290288-944F');
    const reform = guardHetu('290288Y944F');
    assert.ok(classic.ok && reform.ok);
    assert.notEqual(classic.value, reform.value);
  });

  it('refuses a wrong check character for every sign', () => {
    for (const sign of CENTURY_SIGNS) {
      const bad = withWrongCheck(testHetu('010190', sign, '987'));
      assert.deepEqual(guardHetu(bad), { ok: false, reason: 'check' }, bad);
    }
  });

  it('check characters cover the whole table, including the letters that are skipped (G I O Q Z)', () => {
    const seen = new Set<string>();
    for (let n = 900; n <= 999; n++) seen.add(hetuCheckChar('010190', String(n)));
    for (const skipped of ['G', 'I', 'O', 'Q', 'Z']) assert.ok(!seen.has(skipped));
    assert.ok(seen.size > 25);
  });

  it('refuses individual numbers outside 900–999 before looking at the check character', () => {
    // Every example below is deliberately INVALID (wrong check character): the range check alone
    // must refuse it, so no valid real-range code is needed in this file.
    for (const individual of ['002', '123', '500', '899']) {
      const invalid = withWrongCheck(`010190-${individual}?`);
      assert.equal(guardHetu(invalid.replace('-', 'Y')).ok, false);
      assert.deepEqual(guardHetu(invalid), { ok: false, reason: 'not_test_range' }, invalid);
    }
    assert.deepEqual(guardHetu(OUT_OF_RANGE_INVALID_HETU), { ok: false, reason: 'not_test_range' }); // INVALID: wrong check character on purpose (A is not its check)
  });

  it('refuses dates that do not exist in the century the sign gives', () => {
    assert.deepEqual(guardHetu(testHetu('290289', '-', '944')), { ok: false, reason: 'date' }); // 29 Feb 1989
    assert.equal(guardHetu(testHetu('290200', 'A', '944')).ok, true); // 2000 was a leap year
    assert.deepEqual(guardHetu(testHetu('290200', '-', '944')), { ok: false, reason: 'date' }); // 1900 was not
    assert.deepEqual(guardHetu(testHetu('320190', '-', '944')), { ok: false, reason: 'date' });
    assert.deepEqual(guardHetu(testHetu('011390', '-', '944')), { ok: false, reason: 'date' });
  });

  it('refuses anything not hetu-shaped, including unknown signs', () => {
    for (const value of [
      '',
      '290288944F',
      '290288-944',
      '290288*944F',
      '290288Z944F',
      '290288-944FF',
      'x'.repeat(100),
      '1.2.246.562.98.55500000017',
    ]) {
      assert.deepEqual(guardHetu(value), { ok: false, reason: 'format' }, value);
    }
  });

  it('normalises harmless typing noise: case, spaces, typographic dashes, zero-width and fullwidth characters', () => {
    assert.deepEqual(guardHetu(' 150605a9138 '), { ok: true, value: '150605A9138' });
    assert.deepEqual(guardHetu('290288\u2013944F'), { ok: true, value: '290288-944F' });
    assert.deepEqual(guardHetu('2902\u200B88-944F'), { ok: true, value: '290288-944F' });
    assert.deepEqual(guardHetu('２９０２８８-９４４Ｆ'), { ok: true, value: '290288-944F' });
  });
});

describe('lookup identifier guard: person OIDs', () => {
  it('node 24 uses IBM 7-3-1 (worked example and consumer fixtures)', () => {
    assert.equal(ibm731CheckDigit('1234567890'), 7);
    for (const oid of [
      '1.2.246.562.24.12345678907',
      '1.2.246.562.24.10691606777',
      '1.2.246.562.24.20281155246',
      '1.2.246.562.24.33342764709',
    ]) {
      assert.deepEqual(guardOid(oid), { ok: true, value: oid }, oid);
    }
  });

  it('node 98 uses Luhn (QA OIDs)', () => {
    assert.equal(luhnCheckDigit('5550000001'), 7);
    assert.deepEqual(guardOid('1.2.246.562.98.55500000017'), { ok: true, value: '1.2.246.562.98.55500000017' });
    assert.deepEqual(guardOid('1.2.246.562.98.89505889280'), { ok: true, value: '1.2.246.562.98.89505889280' });
  });

  it('nodes 198 and 298 use Luhn too', () => {
    for (const node of ['198', '298'] as const) {
      const oid = `1.2.246.562.${node}.55500000017`;
      assert.deepEqual(guardOid(oid), { ok: true, value: oid });
      assert.deepEqual(guardOid(`1.2.246.562.${node}.55500000018`), { ok: false, reason: 'oid_check' });
    }
  });

  it('uses the algorithm of the node: a Luhn-valid body under node 24 is refused and vice versa', () => {
    // 89505889280 passes Luhn and fails IBM 7-3-1 (onr-api.md §8.1).
    assert.deepEqual(guardOid('1.2.246.562.24.89505889280'), { ok: false, reason: 'oid_check' });
    assert.deepEqual(guardOid('1.2.246.562.98.12345678907'), { ok: false, reason: 'oid_check' });
  });

  it('agrees with the fake’s independent OID generator for many bodies and every node', () => {
    for (let i = 0; i < 200; i++) {
      const body = String(1_000_000_000 + ((i * 48_271) % 8_999_999_999));
      for (const node of [24, 98, 198, 298] as const) {
        const oid = personOid(node, body);
        assert.equal(oid, makePersonOid(String(node) as '24', body));
        assert.equal(guardOid(oid).ok, true, oid);
        const wrong = oid.slice(0, -1) + String((Number(oid.at(-1)) + 1) % 10);
        assert.deepEqual(guardOid(wrong), { ok: false, reason: 'oid_check' }, wrong);
      }
    }
  });

  it('refuses other nodes, organisation OIDs, legacy ids and malformed values', () => {
    assert.deepEqual(guardOid('1.2.246.562.10.70000000011'), { ok: false, reason: 'oid_node' });
    assert.deepEqual(guardOid('1.2.246.562.99.55500000017'), { ok: false, reason: 'oid_node' });
    assert.deepEqual(guardOid('1.2.246.562.24.00000000001'), { ok: false, reason: 'oid_format' }); // root user: leading zero
    assert.deepEqual(guardOid('1.2.246.562.98.5550000001'), { ok: false, reason: 'oid_format' });
    assert.deepEqual(guardOid('1.2.246.562.98.555000000170'), { ok: false, reason: 'oid_format' });
    for (const value of ['', 'abc', '1.2.246.562.98.', '1.2.246.562.98.5550000001x', '290288-944F']) {
      assert.equal(guardOid(value).ok, false, value);
    }
  });
});

describe('lookup name rules (ONR HenkiloExistenceCheckDto)', () => {
  it('accepts a kutsumanimi that is one of the first names or part of a hyphenated one', () => {
    assert.equal(checkNames({ etunimet: 'Maija Anneli', kutsumanimi: 'anneli', sukunimi: 'Testinen' }).ok, true);
    assert.equal(checkNames({ etunimet: 'Juha-Pekka', kutsumanimi: 'Pekka', sukunimi: 'Testaaja' }).ok, true);
    assert.equal(checkNames({ etunimet: 'Juha-Pekka', kutsumanimi: 'Juha-Pekka', sukunimi: 'Testaaja' }).ok, true);
  });

  it('collapses whitespace and names the exact problem', () => {
    const ok = checkNames({ etunimet: '  Maija   Anneli ', kutsumanimi: ' Maija', sukunimi: 'Testinen ' });
    assert.deepEqual(ok, { ok: true, value: { etunimet: 'Maija Anneli', kutsumanimi: 'Maija', sukunimi: 'Testinen' } });
    assert.deepEqual(checkNames({ etunimet: '', kutsumanimi: 'Maija', sukunimi: 'T' }), { ok: false, problem: 'etunimet' });
    assert.deepEqual(checkNames({ etunimet: 'Maija', kutsumanimi: 'Maija Anneli', sukunimi: 'T' }), { ok: false, problem: 'kutsumanimi' });
    assert.deepEqual(checkNames({ etunimet: 'Maija', kutsumanimi: 'Maija', sukunimi: '' }), { ok: false, problem: 'sukunimi' });
    assert.deepEqual(checkNames({ etunimet: 'Maija Anneli', kutsumanimi: 'Liisa', sukunimi: 'T' }), {
      ok: false,
      problem: 'kutsumanimi_not_in_etunimet',
    });
  });

  it('issue 12 item 1: accepts Latin letters, spaces, hyphens and apostrophes; refuses digits, symbols and other scripts', () => {
    for (const names of [
      { etunimet: 'Åsa-Lena Éloïse', kutsumanimi: 'Éloïse', sukunimi: "O'Brien-Jääskeläinen" },
      { etunimet: 'Jürgen Ægir', kutsumanimi: 'Ægir', sukunimi: 'Ståhlberg’s Øvergård' },
      { etunimet: 'Maija', kutsumanimi: 'Maija', sukunimi: 'von Weißenberg' },
    ]) {
      assert.equal(checkNames(names).ok, true, JSON.stringify(names));
    }
    assert.deepEqual(checkNames({ etunimet: 'Maija 2', kutsumanimi: 'Maija', sukunimi: 'T' }), { ok: false, problem: 'etunimet' });
    assert.deepEqual(checkNames({ etunimet: 'Maija', kutsumanimi: 'Maija', sukunimi: 'Test_inen' }), { ok: false, problem: 'sukunimi' });
    assert.deepEqual(checkNames({ etunimet: 'Maija', kutsumanimi: 'Maija', sukunimi: 'Тестинен' }), { ok: false, problem: 'sukunimi' });
    assert.deepEqual(checkNames({ etunimet: 'Maija', kutsumanimi: 'Maija\u200b', sukunimi: 'T' }), { ok: false, problem: 'kutsumanimi' });
    const code = ['0105', '94', '-', '0', '020'].join(''); // shape only; assembled so no code stands in the file
    assert.deepEqual(checkNames({ etunimet: `Maija ${code}`, kutsumanimi: 'Maija', sukunimi: 'T' }), {
      ok: false,
      problem: 'personal_id',
      field: 'etunimet',
    });
    assert.deepEqual(checkNames({ etunimet: 'Maija', kutsumanimi: 'Maija', sukunimi: `T${code}` }), {
      ok: false,
      problem: 'personal_id',
      field: 'sukunimi',
    });
  });
});

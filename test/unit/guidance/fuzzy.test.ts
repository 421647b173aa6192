import assert from 'node:assert/strict';
import SearchableMap from 'minisearch/SearchableMap';
import { FuzzyVocabulary } from '../../../bot/features/guidance/fuzzy.js';

/** Plain full-matrix Levenshtein, the definition the fast one must agree with. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

const VOCABULARY = [
  'oppijanumero',
  'oppijanumerorekister',
  'henkilotunus',
  'henkilotunukset',
  'rajapin',
  'rajapinta',
  'testiymparisto',
  'kayttoikeu',
  'yksilointi',
  'yksiloimaton',
  'duplikaat',
  'liittymisilmoitu',
  'tunnus',
  'tunu',
  'ticket_granting_ticket',
  'personbeteckning',
  'studentnummer',
  'learner',
  'learner_number',
  'aa',
  'ab',
  'ba',
  'abc',
];

/** Deterministic edits of the vocabulary: inserts, deletes, substitutions and swaps. */
function perturbed(): string[] {
  let state = 7;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const letters = 'abdehijklmnoprstuyäö_1';
  const out: string[] = [];
  for (const key of VOCABULARY) {
    out.push(key);
    for (let r = 0; r < 12; r += 1) {
      let q = key;
      for (let e = 0, edits = 1 + next(3); e < edits; e += 1) {
        const at = next(q.length + 1);
        const letter = letters[next(letters.length)] as string;
        const op = next(4);
        if (op === 0) q = q.slice(0, at) + letter + q.slice(at);
        else if (op === 1 && q.length > 1) q = q.slice(0, at) + q.slice(at + 1);
        else if (op === 2) q = q.slice(0, at) + letter + q.slice(at + 1);
        else if (at + 1 < q.length) q = q.slice(0, at) + (q[at + 1] as string) + (q[at] as string) + q.slice(at + 2);
      }
      out.push(q);
    }
  }
  return out;
}

describe('guidance fuzzy vocabulary', () => {
  const vocabulary = new FuzzyVocabulary();
  for (const key of VOCABULARY) vocabulary.add(key);
  vocabulary.add('tunnus'); // a repeated key is kept once

  it('computes the Levenshtein distance within the limit, and something above it beyond', () => {
    const pairs: Array<[string, string]> = [
      ['kitten', 'sitting'],
      ['rajapinta', 'rajapinnan'],
      ['oppijanumero', 'opijanumero'],
      ['ab', 'ba'],
      ['', 'abc'],
      ['henkilotunus', 'henkilotunnukset'],
    ];
    for (const [a, b] of pairs) {
      const exact = levenshtein(a, b);
      for (const k of [0, 1, 2, 3]) {
        const got = vocabulary.distanceWithin(a, b, k);
        if (exact <= k) assert.equal(got, exact, `${a} ~ ${b} within ${k}`);
        else assert.ok(got > k, `${a} ~ ${b} beyond ${k}: ${got}`);
      }
    }
  });

  it('finds exactly the keys a full scan finds, at distances 1 to 3', () => {
    assert.equal(vocabulary.size, VOCABULARY.length);
    for (const query of perturbed()) {
      for (const k of [1, 2, 3]) {
        const expected = VOCABULARY.map((key) => ({ key, distance: levenshtein(query, key) }))
          .filter((c) => c.distance > 0 && c.distance <= k)
          .map((c) => `${c.key}:${c.distance}`)
          .sort();
        const got = vocabulary
          .near(query, k)
          .map((c) => `${c.key}:${c.distance}`)
          .sort();
        assert.deepEqual(got, expected, `${query} within ${k}`);
      }
    }
  });

  it("agrees with minisearch's SearchableMap.fuzzyGet, which it replaces", () => {
    const map = new SearchableMap<true>();
    for (const key of VOCABULARY) map.set(key, true);
    for (const query of perturbed()) {
      const distance = query.length >= 9 ? 2 : 1;
      const expected = [...map.fuzzyGet(query, distance)]
        .filter(([, [, d]]) => d > 0)
        .map(([key, [, d]]) => `${key}:${d}`)
        .sort();
      const got = vocabulary
        .near(query, distance)
        .map((c) => `${c.key}:${c.distance}`)
        .sort();
      assert.deepEqual(got, expected, query);
    }
  });

  it('returns nothing for a distance of 0 or a key far longer than any known', () => {
    assert.deepEqual(vocabulary.near('oppijanumer', 0), []);
    assert.deepEqual(vocabulary.near('x'.repeat(500), 2), []);
  });
});

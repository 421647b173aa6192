import assert from 'node:assert/strict';
import { matchNames, normalizeName } from '../../../bot/features/onboarding/fuzzy.js';
import { SEED_INSTITUTIONS } from '../../../dev/seed/institutions.js';

const candidates = SEED_INSTITUTIONS.map((i) => ({ id: i.id, names: [i.nameFi, i.nameSv, i.nameEn] }));
const best = (query: string) => matchNames(query, candidates)[0]?.id;

describe('institution name matching', () => {
  it('folds case, accents and punctuation', () => {
    assert.equal(normalizeName('  Järvisalon  YLIOPISTO! '), 'jarvisalon yliopisto');
  });

  it('finds institutions by full, partial, inflected, Swedish, English and misspelt names', () => {
    assert.equal(best('Pohjanlahden ammattikorkeakoulu'), 'inst-pohjanlahti-amk');
    assert.equal(best('pohjanlahti'), 'inst-pohjanlahti-amk');
    assert.equal(best('Pohjanlahdella'), 'inst-pohjanlahti-amk');
    assert.equal(best('harjuvaara'), 'inst-harjuvaara');
    assert.equal(best('Musselön'), 'inst-musselon-yh');
    assert.equal(best('University of the Archipelago'), 'inst-saaristo');
    assert.equal(best('Kuurankoski'), 'inst-kuurankoski');
    assert.equal(best('kuurankosi'), 'inst-kuurankoski', 'one letter missing');
    assert.equal(best('jarvisalo'), 'inst-jarvisalo', 'without the umlaut');
  });

  it('finds nothing for unrelated text', () => {
    assert.deepEqual(matchNames('banaanikakku', candidates), []);
    assert.deepEqual(matchNames('   ', candidates), []);
  });
});

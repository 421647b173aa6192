import assert from 'node:assert/strict';
import { Analyzer } from '../../../bot/features/guidance/analyzer.js';
import { buildAnswerText, chooseAnswerText, type PreparedBody } from '../../../bot/features/guidance/answer-text.js';

/** An article as the engine sees it: passages with scores given directly, so each rule is tested alone. */
const prepared = (passages: string[], leadList = false): PreparedBody => ({ passages, keys: passages.map(() => new Set()), leadList });

const LEAD_WITH_DATE = 'Oikeuden myöntää vastuukäyttäjä 16.9.2022 alkaen.';
const LIST_WITHOUT_DATE = '- Oikeus annetaan Käytönhallinnassa.\n- Koulutustoimija päättää, kenen tehtäviin haku kuuluu.';

describe('guidance answer text: the passage that states the asked fact', () => {
  it('a "when" question whose best passage has no date is shown the passage with the date too', () => {
    const article = prepared([LEAD_WITH_DATE, LIST_WITHOUT_DATE]);
    assert.deepEqual(chooseAnswerText(article, [0.1, 1]).blocks, [LIST_WITHOUT_DATE], 'without the cue: the best passage alone');
    assert.deepEqual(chooseAnswerText(article, [0.1, 1], ['when']).blocks, [LEAD_WITH_DATE, LIST_WITHOUT_DATE]);
  });
  it('adds nothing when the chosen passage already states a fact of the asked kind', () => {
    const list = '- Oikeus annetaan vuonna 2023.\n- Koulutustoimija päättää.';
    assert.deepEqual(chooseAnswerText(prepared([LEAD_WITH_DATE, list]), [0.1, 1], ['when']).blocks, [list]);
  });
  it('pulls in only the lead or a passage sharing a question word, never an unrelated one', () => {
    const unrelated = 'Huoltokatko on 1.1.2025.';
    const article = prepared(['Johdanto.', LIST_WITHOUT_DATE, unrelated]);
    assert.deepEqual(chooseAnswerText(article, [0, 1, 0], ['when']).blocks, [LIST_WITHOUT_DATE]);
    assert.deepEqual(chooseAnswerText(article, [0, 1, 0.2], ['when']).blocks, [LIST_WITHOUT_DATE, unrelated]);
  });
  it('of several passages with the fact, adds the one that matches the question best', () => {
    const a = 'Ensimmäinen ajankohta on 1.1.2024.';
    const b = 'Toinen ajankohta on 2.2.2025.';
    const article = prepared(['Johdanto.', LIST_WITHOUT_DATE, a, b]);
    assert.deepEqual(chooseAnswerText(article, [0, 1, 0.1, 0.3], ['when']).blocks, [LIST_WITHOUT_DATE, b]);
  });
  it('stays within the shown-text budget', () => {
    const longLead = `${'Pitkä johdanto. '.repeat(60)}Voimassa 16.9.2022 alkaen.`;
    const longList = `- ${'kohta ilman päivää '.repeat(30)}`;
    assert.ok(longLead.length + longList.length > 1_400);
    assert.deepEqual(chooseAnswerText(prepared([longLead, longList]), [0.1, 1], ['when']).blocks, [longList]);
  });
  it('answers "who" with a role, "how many" with a number, "where" with an address, "missä muodossa" with an example', () => {
    const list = '- Tiedot päivittyvät yöllä.\n- Tiedot näkyvät heti.';
    const cases: Array<[string, 'who' | 'quantity' | 'where' | 'format']> = [
      ['Oikeuden antaa Opintopolun vastuukäyttäjä.', 'who'],
      ['Salasanassa on vähintään 20 merkkiä.', 'quantity'],
      ['Pyynnöt: yhteisetpalvelut@opintopolku.fi.', 'where'],
      ['Muoto on 1.2.246.562.24.XXXXXXXXXXX.', 'format'],
    ];
    for (const [lead, kind] of cases)
      assert.deepEqual(chooseAnswerText(prepared([lead, list]), [0.1, 1], [kind]).blocks, [lead, list], kind);
  });
  it('answers "how" with the steps before an e-mail address named in passing', () => {
    const steps = 'Etsikää duplikaatit "Hae duplikaatteja" -näkymässä ja yhdistäkää ne "Yhdistä"-painikkeilla.';
    const listWithContact = '- Tunnistettu henkilö on aina master.\n- Purkupyynnöt: yhteisetpalvelut@opintopolku.fi.';
    assert.deepEqual(chooseAnswerText(prepared([steps, listWithContact]), [0.1, 1], ['how']).blocks, [steps, listWithContact]);
    // Without steps anywhere, whom to write to is the way: the passage with the address is shown.
    const contactLead = 'Asiakaspalvelu: yhteisetpalvelut@opintopolku.fi.';
    const plainList = '- Teams-kanavalle liittyminen.\n- Testitunnukset.';
    assert.deepEqual(chooseAnswerText(prepared([contactLead, plainList]), [0.1, 1], ['how']).blocks, [contactLead, plainList]);
    assert.deepEqual(chooseAnswerText(prepared([contactLead, listWithContact]), [0.1, 1], ['how']).blocks, [listWithContact]);
  });
  it('reads the cue from the question when an article is opened with one', () => {
    const body = `${LEAD_WITH_DATE}\n\n${LIST_WITHOUT_DATE}`;
    const analyzer = new Analyzer([{ lang: 'fi', text: body }]);
    assert.deepEqual(buildAnswerText(body, 'fi', analyzer, 'koulutustoimija päättää haku').blocks, [LIST_WITHOUT_DATE]);
    assert.deepEqual(buildAnswerText(body, 'fi', analyzer, 'milloin koulutustoimija päättää haku').blocks, [
      LEAD_WITH_DATE,
      LIST_WITHOUT_DATE,
    ]);
  });
});

import assert from 'node:assert/strict';
import { askedFacts, factEvidence, statesFact } from '../../../bot/features/guidance/asked-fact.js';

describe('guidance asked facts', () => {
  describe('the kind of fact a question asks for', () => {
    const cases: Array<[string, string[]]> = [
      ['Milloin VTJ-rajapinta otettiin käyttöön?', ['when']],
      ['mihin mennessä liittymisilmoitus pitää jättää?', ['when']],
      ['Sedan när kan ansvarsanvändaren skapa tjänsteanvändare?', ['when']],
      ['When does the joint application open?', ['when']],
      ['koska se tunnus tulee?', ['when']],
      ['kuka myöntää oppijanumerohaun pääkäyttäjä -oikeuden?', ['who']],
      ['Vem kan upphäva en felaktig identifiering?', ['who']],
      ['kuinka pitkä salasanan pitää olla?', ['quantity']],
      ['Hur länge är en service ticket giltig?', ['quantity']],
      ['How many ways are there to get a learner number?', ['quantity']],
      ['Mistä tilataan testiympäristön tunnukset?', ['where']],
      ['Var hittar jag swagger-dokumentationen?', ['where']],
      ['Kan koden begäras före anmälan? Var?', ['where']],
      ['What is the URL for creating a service user?', ['where']],
      ['Miten duplikaatit yhdistetään?', ['how']],
      ['Hur tar man bort länkningen?', ['how']],
      ['now there are two records. What to do?', ['how']],
      ['missä muodossa oppijanumero tulee?', ['format']],
      ['What does an organisation OID look like?', ['format']],
      ['yksilöinti?', []],
    ];
    for (const [question, kinds] of cases)
      it(`"${question}" → ${kinds.join(', ') || 'none'}`, () => assert.deepEqual(askedFacts(question).sort(), [...kinds].sort()));

    it('reads a question word in its other senses as no cue', () => {
      // "koska" inside a sentence means "because", "när"/"when" join clauses, "mihin mennessä" asks when
      // and "mihin … tarvitaan" what for, "mistä johtuu" why, and "gränssnitt" (interface) holds no "gräns" (limit).
      assert.deepEqual(askedFacts('yksilöinti ei onnistu, koska nimet eroavat'), []);
      assert.deepEqual(askedFacts('CAS svarar 415 när vi skickar JSON.'), []);
      assert.deepEqual(askedFacts('Jag vet inte vad felet var.'), []);
      assert.deepEqual(askedFacts('CAS returns 415 when we post JSON'), []);
      assert.deepEqual(askedFacts('mihin mennessä ilmoitus?'), ['when']);
      assert.deepEqual(askedFacts('mihin sitä oikeutta tarvitaan?'), []);
      assert.deepEqual(askedFacts('mistä johtuu virhe 409?'), []);
      assert.deepEqual(askedFacts('Vilken rättighet krävs för gränssnittet?'), []);
    });
    it('takes "how long / how many" as a quantity question only, unless a plain "how" is asked too', () => {
      assert.deepEqual(askedFacts('kuinka kauan käsittely kestää?'), ['quantity']);
      assert.deepEqual(askedFacts('Miten tunnus vaihdetaan ja kuinka usein se pitää tehdä?').sort(), ['how', 'quantity']);
    });
  });

  describe('whether a passage states a fact of that kind', () => {
    it('finds a date, a year, a month or a span of time, but not the digits of an OID', () => {
      assert.ok(statesFact('Voimassa 16.9.2022 alkaen.', 'when'));
      assert.ok(statesFact('Since March 2024.', 'when'));
      assert.ok(statesFact('Yksilöinti tapahtuu muutamassa minuutissa.', 'when'));
      assert.ok(!statesFact('Oppijanumeron muoto on 1.2.246.562.24.', 'when'));
    });
    it('finds a number that is a count or a limit, not one inside an identifier', () => {
      assert.ok(statesFact('Salasanassa on vähintään 20 merkkiä.', 'quantity'));
      assert.ok(statesFact('Sivulla on enintään kymmenen riviä.', 'quantity'));
      assert.ok(!statesFact('Solmuluokka 1.2.246.562.24 kertoo tyypin.', 'quantity'));
    });
    it('finds an address: an e-mail, a link, an API path or a menu path', () => {
      assert.ok(statesFact('Kirjoittakaa osoitteeseen yhteisetpalvelut@opintopolku.fi.', 'where'));
      assert.ok(statesFact('Katso https://example.org/ohje', 'where'));
      assert.ok(statesFact('Kutsu GET /oppija/muuttuneet palauttaa muuttuneet.', 'where'));
      assert.ok(statesFact('Käytönhallinta → Oppijan luonti', 'where'));
      assert.ok(!statesFact('Oppijanumero on pysyvä tunniste.', 'where'));
    });
    it('finds a role or an organisation', () => {
      assert.ok(statesFact('Oikeuden myöntää Opintopolun vastuukäyttäjä.', 'who'));
      assert.ok(statesFact('Bara Utbildningsstyrelsen kan göra det.', 'who'));
      // Role words end compounds: the education provider, the system vendor, the data protection officer.
      assert.ok(statesFact('Koulutuksen järjestäjä vastaa poistamisesta.', 'who'));
      assert.ok(statesFact('Kysykää järjestelmätoimittajalta.', 'who'));
      assert.ok(statesFact('Kontakta huvudanvändaren.', 'who'));
      assert.ok(!statesFact('Tiedot päivittyvät yöllä.', 'who'));
    });
    it('finds an example of a form', () => {
      assert.ok(statesFact('Muoto on 1.2.246.562.24.XXXXXXXXXXX.', 'format'));
      assert.ok(statesFact('Date as ISO 8601.', 'format'));
      assert.ok(!statesFact('Nimet kuten VTJ:ssä.', 'format'));
    });
    it('weighs a "how" answer: steps first, an e-mail address only after them', () => {
      const [steps, contact] = factEvidence('how');
      assert.ok(steps && contact);
      assert.ok(steps('Yhdistäkää ne "Yhdistä"-painikkeilla.'));
      assert.ok(steps('1. Hae henkilö\n2. Tallenna'));
      assert.ok(!steps('Pyynnöt: yhteisetpalvelut@opintopolku.fi'));
      assert.ok(contact('Pyynnöt: yhteisetpalvelut@opintopolku.fi'));
      assert.ok(statesFact('Pyynnöt: yhteisetpalvelut@opintopolku.fi', 'how'));
    });
  });
});

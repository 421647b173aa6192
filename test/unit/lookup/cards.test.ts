import assert from 'node:assert/strict';
import { cardByteSize, MAX_CARD_BYTES, type AdaptiveCard } from '../../../bot/cards/card.js';
import { LANGS } from '../../../bot/i18n/index.js';
import { lookupFormCard, lookupResultCard, testIdentifiersCard, VERBS, type ResultView } from '../../../bot/features/lookup/cards.js';
import { lookupText } from '../../../bot/features/lookup/i18n.js';
import { NOT_FOUND_HETU, seedPersonViews } from '../../../dev/fake-onr/index.js';

/** Every element and action of a card, depth first. */
function walk(node: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(node)) node.forEach((n) => walk(n, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string') out.push(record);
    for (const value of Object.values(record)) walk(value, out);
  }
  return out;
}

const hasBanner = (card: AdaptiveCard, lang: (typeof LANGS)[number]) => JSON.stringify(card.body[0]).includes(lookupText[lang].bannerTitle);

const VIEW: ResultView = {
  kind: 'hetu',
  maskedHetu: '290288-9***',
  oid: '1.2.246.562.98.55500000025',
  oppijanumero: '1.2.246.562.98.55500000017',
  passivoitu: true,
  linked: ['1.2.246.562.98.55500000017'],
};

describe('lookup cards', () => {
  it('the form has exactly the input ids and verbs the contract names, with Action.Submit fallbacks', () => {
    const card = lookupFormCard({ lang: 'fi', environment: 'qa', formId: 'form-1234' });
    const nodes = walk(card);
    const inputs = nodes.filter((n) => n.type === 'Input.Text').map((n) => n.id);
    assert.deepEqual(inputs, ['hetu', 'etunimet', 'kutsumanimi', 'sukunimi', 'oid']);
    const executes = nodes.filter((n) => n.type === 'Action.Execute');
    assert.deepEqual(
      executes.map((a) => a.verb),
      [VERBS.hetu, VERBS.oid, VERBS.testIds],
    );
    for (const action of executes) {
      const fallback = action.fallback as { type: string; data: { verb: string } };
      assert.equal(fallback.type, 'Action.Submit');
      assert.equal(fallback.data.verb, action.verb);
    }
    assert.equal((executes[0]!.data as { formId: string }).formId, 'form-1234');
    assert.equal(card.version, '1.5');
  });

  it('every card carries the TEST ENVIRONMENT banner in every language', () => {
    for (const lang of LANGS) {
      const cards = [
        lookupFormCard({ lang, environment: 'qa', formId: 'form-1234' }),
        lookupFormCard({ lang, environment: 'local', formId: 'form-1234', notice: { message: 'x', next: 'y', notSent: true } }),
        lookupResultCard({ lang, environment: 'qa', view: VIEW, newFormId: 'form-5678' }),
        testIdentifiersCard({ lang, environment: 'qa', persons: seedPersonViews(), notFoundHetu: NOT_FOUND_HETU, formId: 'form-9' }),
      ];
      for (const card of cards) {
        assert.ok(hasBanner(card, lang), lang);
        assert.ok(cardByteSize(card) < MAX_CARD_BYTES);
      }
    }
  });

  it('the result shows oppijanumero, OID, passivoitu and linked OIDs with their meaning', () => {
    const card = lookupResultCard({
      lang: 'en',
      environment: 'qa',
      view: VIEW,
      newFormId: 'form-5678',
      refresh: { requesterObjectId: 'obj-1', requesterMri: '8:orgid:obj-1' },
    });
    const json = JSON.stringify(card);
    const t = lookupText.en;
    const factSet = walk(card).find((n) => n.type === 'FactSet') as { facts: Array<{ title: string; value: string }> };
    assert.deepEqual(factSet.facts, [
      { title: t.factOppijanumero, value: VIEW.oppijanumero },
      { title: t.factOid, value: VIEW.oid },
      { title: t.factPassivoitu, value: t.yes },
      { title: t.factLinked, value: VIEW.linked![0] },
    ]);
    for (const sentence of [t.explainOppijanumero, t.explainSlave, t.explainPassivoitu, t.explainLinked])
      assert.ok(json.includes(sentence), sentence);
    // The masked hetu is escaped so its asterisks are not read as Markdown.
    assert.ok(json.includes('290288-9\\\\*\\\\*\\\\*'));
    assert.deepEqual(card.refresh, {
      action: { type: 'Action.Execute', verb: VERBS.refresh, data: { verb: VERBS.refresh, view: VIEW, requester: 'obj-1' } },
      userIds: ['8:orgid:obj-1'],
    });
  });

  it('explains a missing oppijanumero (unidentified person)', () => {
    const card = lookupResultCard({
      lang: 'fi',
      environment: 'qa',
      view: { ...VIEW, oid: '1.2.246.562.98.55500000033', oppijanumero: null, passivoitu: false, linked: [] },
      newFormId: 'form-5678',
    });
    const json = JSON.stringify(card);
    assert.ok(json.includes(lookupText.fi.notIdentified));
    assert.ok(json.includes(lookupText.fi.explainNotIdentified));
    assert.ok(!json.includes(lookupText.fi.explainPassivoitu));
  });

  it('user text cannot inject Markdown links or actions into the identifiers card', () => {
    const hostile = { ...seedPersonViews()[0]!, etunimet: '[klikkaa](https://evil.example) **x**', kutsumanimi: '<at>Kaikki</at>' };
    const card = testIdentifiersCard({ lang: 'fi', environment: 'qa', persons: [hostile], notFoundHetu: null, formId: 'form-9' });
    const json = JSON.stringify(card);
    assert.ok(!json.includes('[klikkaa](https'));
    assert.ok(!json.includes('<at>'));
    assert.equal(walk(card).filter((n) => n.type === 'Action.OpenUrl').length, 0);
  });

  it('prefilled inputs are capped and stripped of control characters', () => {
    const card = lookupFormCard({
      lang: 'fi',
      environment: 'qa',
      formId: 'form-1234',
      prefill: { etunimet: 'Maija\u0007 Anneli', sukunimi: 'x'.repeat(500) },
    });
    const inputs = Object.fromEntries(
      walk(card)
        .filter((n) => n.type === 'Input.Text')
        .map((n) => [n.id, n.value]),
    );
    assert.equal(inputs.etunimet, 'Maija Anneli');
    assert.equal((inputs.sukunimi as string).length, 100);
    assert.equal(inputs.hetu, undefined);
  });
});

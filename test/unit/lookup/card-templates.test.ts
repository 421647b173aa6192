/**
 * The look-up templates (bot/features/lookup/cards/*.json) expanded through their typed builders with
 * edge data — empty lists, the longest inputs the form allows, a full history, every language — give
 * cards the official Adaptive Cards parser accepts under Teams' host config, within 28 KB (issue 14 §1).
 */
import assert from 'node:assert/strict';
import { cardByteSize, MAX_CARD_BYTES, type AdaptiveCard } from '../../../bot/cards/card.js';
import { LANGS } from '../../../bot/i18n/index.js';
import {
  lookupFormCard,
  lookupMessageCard,
  lookupResultCard,
  MAX_HISTORY,
  testIdentifiersCard,
  type ResultView,
} from '../../../bot/features/lookup/cards.js';
import { NOT_FOUND_HETU, seedPersonViews } from '../../../dev/fake-onr/index.js';
import { adaptiveCardProblems } from '../../helpers/adaptive-card-validator.js';

function assertValid(card: AdaptiveCard, what: string): void {
  assert.deepEqual(adaptiveCardProblems(card), [], what);
  assert.ok(cardByteSize(card) <= MAX_CARD_BYTES, `${what}: ${cardByteSize(card)} bytes`);
}

const oid = (n: number) => `1.2.246.562.24.${String(10000000000 + n)}`;
const VIEWS: ResultView[] = [
  {
    kind: 'hetu',
    maskedHetu: '010594Y9***',
    oid: oid(911),
    oppijanumero: oid(900),
    passivoitu: true,
    linked: Array.from({ length: 20 }, (_, i) => oid(i)),
    origin: 'found',
  },
  { kind: 'hetu', maskedHetu: '010594Y9***', oid: oid(912), oppijanumero: null, passivoitu: null, linked: null, origin: null },
  { kind: 'oid', maskedHetu: null, oid: oid(913), oppijanumero: oid(913), passivoitu: false, linked: [] },
];
// The longest values each input keeps (its maxLength), with Markdown and template syntax in them.
const LONGEST = {
  hetu: '010594Y903${x}*[a](b)'.slice(0, 20),
  etunimet: '**Maija** [x](https://e.example) ${$root} '.repeat(5).slice(0, 100),
  kutsumanimi: 'M'.repeat(50),
  sukunimi: 'T'.repeat(100),
  oid: '1.2.246.562.24.'.padEnd(40, '9'),
};

describe('lookup card templates with edge data (issue 14 §1)', () => {
  for (const lang of LANGS) {
    describe(lang, () => {
      it('the form: bare, and with a notice, the longest prefill and a full history', () => {
        assertValid(lookupFormCard({ lang, environment: 'qa', formId: 'form-1' }), 'bare form');
        const full = lookupFormCard({
          lang,
          environment: 'local',
          formId: 'form-1',
          notice: { message: 'Henkilötunnus ei kelpaa.', next: 'Tarkista tunnus.', notSent: true },
          prefill: LONGEST,
          history: Array.from({ length: MAX_HISTORY + 3 }, (_, i) => VIEWS[i % VIEWS.length]!),
        });
        assertValid(full, 'full form');
        assert.ok(JSON.stringify(full).includes(LONGEST.etunimet), 'an input value is kept as typed (never Markdown-rendered)');
      });

      it('the result: every kind of answer, without and with history and refresh', () => {
        for (const view of VIEWS) {
          assertValid(lookupResultCard({ lang, environment: 'qa', view, newFormId: 'nf-1' }), `${view.kind} result`);
          const card = lookupResultCard({
            lang,
            environment: 'hahtuva',
            view,
            newFormId: 'nf-1',
            history: Array.from({ length: MAX_HISTORY }, (_, i) => VIEWS[i % VIEWS.length]!),
            refresh: { requesterObjectId: 'obj-1', requesterMri: '29:mri-1' },
          });
          assertValid(card, `${view.kind} result with history`);
          assert.equal((card.refresh as { userIds: string[] }).userIds[0], '29:mri-1');
        }
        assert.equal(
          lookupResultCard({ lang, environment: 'qa', view: VIEWS[0]!, newFormId: 'nf-1' }).refresh,
          undefined,
          'no refresh unless asked',
        );
      });

      it('the test identifiers: none, and all of them with the not-found code', () => {
        assertValid(testIdentifiersCard({ lang, environment: 'qa', persons: [], notFoundHetu: null, formId: 'f' }), 'no persons');
        const persons = [...seedPersonViews(), ...seedPersonViews()].map((p) => ({
          ...p,
          etunimet: `${p.etunimet} **${'x'.repeat(80)}**`,
        }));
        assertValid(testIdentifiersCard({ lang, environment: 'local', persons, notFoundHetu: NOT_FOUND_HETU, formId: 'f' }), 'all persons');
      });

      it('the message card', () => {
        assertValid(lookupMessageCard(lang, 'untuva', 'x'.repeat(2000)), 'message');
      });
    });
  }
});

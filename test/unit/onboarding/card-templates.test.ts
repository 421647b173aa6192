/**
 * Issue 14 §1: the status cards come from templates (bot/features/onboarding/cards/*.json). Edge data —
 * nothing done, all done, the longest texts people type in the tab, Swedish and English — expands into
 * cards the official parser accepts within 28 KB, with the step lines in order and the next one in bold.
 */
import assert from 'node:assert/strict';
import { LANGS } from '../../../bot/i18n/index.js';
import { didYouMeanCard, statusCard } from '../../../bot/features/onboarding/status-card.js';
import { MAX_LENGTHS } from '../../../bot/features/onboarding/model.js';
import type { InstitutionRecord, StepStatus } from '../../../bot/store/onboarding-repository.js';
import { assertValidCard, cardStrings, worstText } from '../../helpers/card-edge.js';

function record(status: (step: number) => StepStatus, long = false): InstitutionRecord {
  return {
    route: long ? 'yleistunniste' : null,
    vendor: long ? 'other' : null,
    systemName: long ? worstText(MAX_LENGTHS.systemName) : null,
    testAccountRequested: null,
    testAccountReceived: null,
    joiningNotificationSubmitted: long ? '2026-06-23' : null,
    joiningNotificationProcessed: long ? '2026-06-30' : null,
    goLiveDate: long ? '2027-01-15' : null,
    institution: {
      id: 'i',
      nameFi: long ? worstText(200) : 'Testikorkeakoulu',
      nameSv: long ? worstText(200) : 'Testhögskolan',
      nameEn: long ? worstText(200) : 'Test University',
      organisationOid: '1.2.246.562.10.00000000901',
      type: 'university',
    },
    version: 1,
    updatedAt: null,
    steps: [1, 2, 3, 4, 5, 6, 7].map((step) => ({
      step,
      status: status(step),
      date: status(step) === 'done' ? '2026-06-23' : null,
      responsible: long ? worstText(MAX_LENGTHS.responsible) : null,
      note: null,
      updatedAt: null,
    })),
  };
}

const guide = (step: number) => ({ title: `${step}. ${worstText(150)} (ohje)`, url: `https://wiki.eduuni.fi/x/${step}` });

describe('status card templates with edge data (issue 14 §1)', () => {
  it('nothing done, half done and all done, short and longest, in every language', () => {
    const shapes: Array<[string, (step: number) => StepStatus]> = [
      ['none', () => 'not_started'],
      ['half', (step) => (step < 4 ? 'done' : step === 4 ? 'in_progress' : step === 6 ? 'not_applicable' : 'not_started')],
      ['all', () => 'done'],
    ];
    for (const lang of LANGS) {
      for (const [label, status] of shapes) {
        for (const long of [false, true]) {
          assertValidCard(
            statusCard(record(status, long), lang, guide, long ? 'https://teams.microsoft.com/l/entity/x/overview' : undefined),
            `${lang} ${label} ${long}`,
          );
        }
      }
    }
  });

  it('keeps the seven step lines in order with only the next open step in bold', () => {
    const card = statusCard(
      record((step) => (step < 5 ? 'done' : 'not_started')),
      'fi',
      guide,
    );
    const container = card.body.find((e) => e.type === 'Container') as unknown as { items: Array<{ text: string; weight: string }> };
    assert.deepEqual(
      container.items.map((i) => Number(i.text.split(' ')[1]?.replace('.', ''))),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(
      container.items.map((i) => i.weight),
      ['Default', 'Default', 'Default', 'Default', 'Bolder', 'Default', 'Default'],
    );
    assert.ok(cardStrings(card).some((s) => s.startsWith('Seuraava vaihe: 5.')));
  });

  it('did-you-mean card: no candidates and three', () => {
    const info = (i: number) => ({
      id: `i${i}`,
      nameFi: worstText(200),
      nameSv: 's',
      nameEn: 'e',
      organisationOid: 'o',
      type: 'uas' as const,
    });
    for (const lang of LANGS) {
      assertValidCard(didYouMeanCard([], lang), `${lang} none`);
      assertValidCard(didYouMeanCard([info(1), info(2), info(3)], lang), `${lang} three`);
    }
  });
});

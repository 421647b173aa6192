/** Issue 15 item 9: the status card prints no stray backslash and dates in one format per language. */
import assert from 'node:assert/strict';
import { statusCard } from '../../../bot/features/onboarding/status-card.js';
import type { InstitutionRecord } from '../../../bot/store/onboarding-repository.js';
import { formatDay } from '../../../bot/i18n/dates.js';
import { formatDate as tabFormatDate } from '../../../tab/src/i18n.js';

function record(): InstitutionRecord {
  return {
    route: null,
    vendor: null,
    systemName: null,
    joiningNotificationSubmitted: '2026-06-23',
    joiningNotificationProcessed: null,
    goLiveDate: '2027-01-15',
    institution: {
      id: 'i',
      nameFi: 'Testikorkeakoulu',
      nameSv: 'Testhögskolan',
      nameEn: 'Test University',
      organisationOid: '1.2.246.562.10.00000000901',
      type: 'university',
    },
    version: 1,
    updatedAt: null,
    steps: [1, 2, 3, 4, 5, 6, 7].map((step) => ({
      step,
      status: step < 5 ? 'done' : 'not_started',
      date: step < 5 ? '2026-06-23' : null,
      responsible: null,
      note: null,
    })),
  } as unknown as InstitutionRecord;
}

describe('status card (issue 15 item 9)', () => {
  const guide = () => ({ title: '5. Käyttöehtojen hyväksyminen (suppeat [tiedot])', url: 'https://wiki.eduuni.fi/x' });

  it("shows the next step's guide title without a stray backslash (link syntax still escaped)", () => {
    const json = JSON.stringify(statusCard(record(), 'fi', guide));
    assert.ok(!json.includes('\\\\5'), 'no "\\5."');
    assert.ok(json.includes('[5. Käyttöehtojen hyväksyminen \\\\(suppeat \\\\[tiedot\\\\]\\\\)](https://wiki.eduuni.fi/x)'), json);
  });

  it('dates in one format per language, the same in the tab', () => {
    const fi = JSON.stringify(statusCard(record(), 'fi', guide));
    assert.match(fi, /\(23\.6\.2026\)/);
    assert.match(fi, /15\.1\.2027/);
    assert.doesNotMatch(fi, /2026-06-23/);
    const en = JSON.stringify(statusCard(record(), 'en', guide));
    assert.match(en, /\(23\/06\/2026\)/);
    for (const lang of ['fi', 'sv', 'en'] as const) assert.equal(tabFormatDate(lang, '2026-06-23'), formatDay('2026-06-23', lang));
    assert.equal(formatDay('2026-06-23', 'sv'), '23.6.2026');
  });
});

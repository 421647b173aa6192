/** Issue 14 item 8: one date/time formatter (Finnish time, fi/sv/en) and counts by plural rules. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { formatDateTime, formatHelsinki, formatMonth, helsinkiDate, helsinkiYear } from '../../../bot/i18n/dates.js';
import { formatDay as membershipDay } from '../../../bot/features/membership/i18n.js';
import { todayIn } from '../../../bot/features/onboarding/service.js';
import { announcementText } from '../../../bot/features/announcements/i18n.js';
import { guidanceText } from '../../../bot/features/guidance/i18n.js';
import { escalationText } from '../../../bot/features/guidance/escalation/i18n.js';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('dates and counts (issue 14 item 8)', () => {
  it('a moment reads in Finnish time in each language, across daylight saving', () => {
    assert.equal(formatDateTime('2026-06-23T06:05:00.000Z', 'fi'), '23.6.2026 klo 9.05');
    assert.equal(formatDateTime('2026-06-23T06:05:00.000Z', 'sv'), '23.6.2026 kl. 9.05');
    assert.equal(formatDateTime('2026-12-01T07:05:00.000Z', 'en'), '01/12/2026 at 09:05');
    assert.equal(formatDateTime('not a date', 'fi'), '');
    assert.equal(formatHelsinki('2026-12-01T07:05:00.000Z', 'sv'), '1.12.2026 kl. 9.05 (finsk tid)');
  });

  it("the calendar day and year are Helsinki's, not UTC's", () => {
    assert.equal(helsinkiDate(new Date('2026-12-31T22:30:00Z')), '2027-01-01');
    assert.equal(helsinkiDate(new Date('2026-06-30T20:59:00Z')), '2026-06-30');
    assert.equal(helsinkiYear(new Date('2026-12-31T22:30:00Z')), 2027);
    assert.equal(
      todayIn(() => new Date('2026-03-28T23:30:00Z')),
      '2026-03-29',
    );
  });

  it('membership texts use the same date format as every other card (English 01/12/2026)', () => {
    assert.equal(membershipDay('2026-12-01T10:00:00.000Z', 'en'), '01/12/2026');
    assert.equal(membershipDay('2026-12-01T10:00:00.000Z', 'sv'), '1.12.2026');
  });

  it('counts follow plural rules: one failed delivery, one problem, the last day', () => {
    assert.match(announcementText.fi.resendQueued(1), /^1 epäonnistunut toimitus lähetetään/);
    assert.match(announcementText.fi.resendQueued(3), /^3 epäonnistunutta toimitusta/);
    assert.match(announcementText.sv.resendQueued(1), /^1 misslyckad leverans /);
    assert.match(announcementText.en.resendQueued(1), /^1 failed delivery will/);
    assert.match(announcementText.sv.retractionRetryQueued(1), /för 1 meddelande\.$/);
    assert.match(announcementText.en.revised(1), /in 1 place\.$/);
    assert.match(guidanceText.fi.reloadFailed(1), /siinä on 1 ongelma\./);
    assert.match(guidanceText.en.reloadFailed(2), /has 2 problems\./);
    assert.equal(guidanceText.fi.reloadMoreProblems(1), '…ja 1 muu.');
    assert.equal(escalationText.fi.gapsTitle(1), 'Tietopankin aukot – viimeinen päivä');
    assert.equal(escalationText.fi.gapsTitle(30), 'Tietopankin aukot – viimeiset 30 päivää');
    assert.equal(escalationText.sv.gapsTitle(1), 'Luckor i kunskapsbanken – senaste dagen');
    assert.equal(escalationText.en.gapsTitle(1), 'Knowledge gaps – last 1 day');
  });

  it('no module of bot/ or tab/ formats dates itself: Intl.DateTimeFormat and ISO-string slicing live in bot/i18n/dates.ts', () => {
    const offenders = [...filesUnder(path.resolve('bot')), ...filesUnder(path.resolve('tab/src'))]
      .map((file) => path.relative(process.cwd(), file).split(path.sep).join('/'))
      .filter((file) => file !== 'bot/i18n/dates.ts')
      .filter((file) =>
        /new Intl\.DateTimeFormat|toLocaleDateString|toLocaleTimeString|toISOString\(\)\.slice\(0, 10\)/.test(
          fs.readFileSync(file, 'utf8'),
        ),
      );
    // The KB loader turns a YAML date (UTC midnight) back into the written YYYY-MM-DD: parsing, not display.
    assert.deepEqual(offenders, ['bot/features/guidance/kb-loader.ts']);
  });

  it('month labels of charts, one cached formatter per language', () => {
    assert.equal(
      formatMonth('2026-12', 'fi'),
      new Intl.DateTimeFormat('fi-FI', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date('2026-12-15T00:00:00Z')),
    );
    assert.notEqual(formatMonth('2026-12', 'en'), formatMonth('2026-12', 'fi'));
    assert.equal(formatMonth('not-a-month', 'sv'), 'not-a-month');
  });
});

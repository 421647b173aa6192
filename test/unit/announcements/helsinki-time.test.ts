import assert from 'node:assert/strict';
import { formatDate, formatHelsinki, helsinkiToUtc, isValidDate, utcToHelsinki } from '../../../bot/i18n/dates.js';

describe('announcements Helsinki time', function () {
  it('converts Finnish local time to UTC in winter (+2) and summer (+3)', function () {
    assert.equal(helsinkiToUtc('2026-12-01', '09:00'), '2026-12-01T07:00:00.000Z');
    assert.equal(helsinkiToUtc('2026-06-01', '09:00'), '2026-06-01T06:00:00.000Z');
    assert.equal(helsinkiToUtc('2026-06-01', '9.30'), '2026-06-01T06:30:00.000Z');
  });

  it('handles the days daylight saving changes', function () {
    // 29 March 2026: clocks jump from 03:00 to 04:00; 25 October 2026: from 04:00 back to 03:00.
    assert.equal(helsinkiToUtc('2026-03-29', '02:30'), '2026-03-29T00:30:00.000Z');
    assert.equal(helsinkiToUtc('2026-03-29', '05:00'), '2026-03-29T02:00:00.000Z');
    assert.equal(helsinkiToUtc('2026-10-25', '12:00'), '2026-10-25T10:00:00.000Z');
  });

  it('rejects impossible dates and times', function () {
    assert.equal(helsinkiToUtc('2026-02-30', '09:00'), null);
    assert.equal(helsinkiToUtc('2026-12-01', '24:00'), null);
    assert.equal(helsinkiToUtc('1.12.2026', '09:00'), null);
    assert.equal(isValidDate('2028-02-29'), true);
    assert.equal(isValidDate('2027-02-29'), false);
  });

  it('shows stored UTC in Finnish time, naming the zone', function () {
    assert.deepEqual(utcToHelsinki('2026-12-01T07:00:00.000Z'), { date: '2026-12-01', time: '09:00' });
    assert.equal(formatHelsinki('2026-12-01T07:05:00.000Z', 'fi'), '1.12.2026 klo 9.05 (Suomen aikaa)');
    assert.equal(formatHelsinki('2026-12-01T07:05:00.000Z', 'sv'), '1.12.2026 kl. 9.05 (finsk tid)');
    assert.equal(formatHelsinki('2026-12-01T07:05:00.000Z', 'en'), '01/12/2026 at 09:05 (Finnish time)');
    // Issue 15 item 9: the one per-language date format (bot/i18n/dates.ts), also around midnight Helsinki time.
    assert.equal(formatHelsinki('2026-11-30T22:30:00.000Z', 'en'), '01/12/2026 at 00:30 (Finnish time)');
    assert.equal(formatDate('2026-12-01', 'fi'), '1.12.2026');
    assert.equal(formatDate('2026-12-01', 'en'), '01/12/2026');
  });
});

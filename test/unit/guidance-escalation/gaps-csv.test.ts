import assert from 'node:assert/strict';
import { daysFromCommand, gapsCsv, sinceIso } from '../../../bot/features/guidance/escalation/gaps.js';
import type { GapGroup } from '../../../bot/store/guidance-repository.js';

const group = (question: string, extra: Partial<GapGroup> = {}): GapGroup => ({
  questionNorm: question.toLowerCase(),
  question,
  count: 2,
  firstAt: '2026-11-01T10:00:00.000Z',
  lastAt: '2026-11-20T10:00:00.000Z',
  langs: ['fi', 'sv'],
  articleIds: ['yksilointi'],
  comments: [],
  ...extra,
});

describe('knowledge-gap CSV export', () => {
  it('writes one row per gap group with localized headers', () => {
    const csv = gapsCsv(
      {
        unanswered: [group('=cmd|" /C calc"!A0')],
        downvoted: [group('Miten yksilöin?', { count: 5, comments: ['Ei esimerkkiä', 'Liian lyhyt'] })],
      },
      'fi',
    );
    const lines = csv.slice(1).split('\r\n');
    assert.equal(lines[0], 'Tyyppi,Kysymys,Määrä,Ensimmäinen,Viimeisin,Kielet,Ohjeet,Kommentit');
    assert.ok(lines[1]?.startsWith(`vastaamaton,"'=cmd|"" /C calc""!A0",2,`));
    assert.ok(lines[2]?.startsWith('ei apua,Miten yksilöin?,5,'));
    assert.ok(lines[2]?.endsWith('Ei esimerkkiä | Liian lyhyt'));
    assert.equal(lines[3], '');
    assert.match(gapsCsv({ unanswered: [], downvoted: [] }, 'en'), /^\uFEFFType,Question,Count/);
  });

  it('reads the window from the command and computes the start time', () => {
    assert.equal(daysFromCommand('aukot', 90), 90);
    assert.equal(daysFromCommand('aukot 30', 90), 30);
    assert.equal(daysFromCommand('gaps 0', 90), 90);
    assert.equal(daysFromCommand('gaps 99999', 90), 90);
    assert.equal(sinceIso(new Date('2026-11-26T00:00:00Z'), 30), '2026-10-27T00:00:00.000Z');
  });
});

/**
 * The announcement templates (bot/features/announcements/cards/*.json) expanded through their typed
 * builders with edge data — empty lists, the longest content the form accepts, every language, every
 * status — give cards the official Adaptive Cards parser accepts under Teams' host config, within 28 KB;
 * content over the limit is refused with CARD_TOO_LARGE, which the outbox reports as a permanent failure
 * (issue 14 §1).
 */
import assert from 'node:assert/strict';
import { cardByteSize, MAX_CARD_BYTES, type AdaptiveCard } from '../../../bot/cards/card.js';
import { isAppError } from '../../../bot/errors.js';
import { LANGS } from '../../../bot/i18n/index.js';
import {
  adminCard,
  announcementCard,
  formCard,
  largestCardBytes,
  listButton,
  listCard,
  messageCard,
  reportCard,
  revisionNoticeCard,
  valuesOf,
  type ReaderView,
} from '../../../bot/features/announcements/cards.js';
import type { Announcement, AnnouncementContent } from '../../../bot/features/announcements/model.js';
import type { AnnouncementReport } from '../../../bot/features/announcements/report.js';
import { classify } from '../../../bot/features/announcements/backoff.js';
import { adaptiveCardProblems } from '../../helpers/adaptive-card-validator.js';
import { draft } from '../../integration/announcements/helpers.js';

function assertValid(card: AdaptiveCard, what: string): void {
  assert.deepEqual(adaptiveCardProblems(card), [], what);
  assert.ok(cardByteSize(card) <= MAX_CARD_BYTES, `${what}: ${cardByteSize(card)} bytes`);
}

/** Text of `length` characters that costs the most once escaped: Markdown marks, quotes, backslashes. */
const heavy = (length: number) => '*"\\[ä]_'.repeat(Math.ceil(length / 7)).slice(0, length);
/** Ordinary long text: Finnish with some Markdown-looking marks, as authors and directories write it. */
const prose = (length: number) =>
  'Rajapinta palauttaa *uudet* virhekoodit [ks. ohje] 1.12.2026 alkaen. '.repeat(Math.ceil(length / 69)).slice(0, length);

const ID = '11111111-2222-3333-4444-555555555555';
const VIEWS: ReaderView[] = [{ mode: 'multi' }, ...LANGS.map((lang) => ({ mode: 'single', lang }) as ReaderView)];

function contentWithBodies(length: number): AnnouncementContent {
  const base = draft().content;
  return {
    ...base,
    title: { fi: heavy(200), sv: heavy(200), en: heavy(200) },
    body: { fi: prose(length), sv: prose(length), en: prose(length) },
    interfaces: ['yleistunniste', 'oppija-controller'],
  } as AnnouncementContent;
}

/** The longest change note (the form allows 1,000 characters), in all three languages. */
const NOTE = { fi: prose(1000), sv: prose(1000), en: prose(1000) };

/** The longest three-language content whose largest card (revised, with NOTE) still fits: what the form accepts at most. */
function longestAccepted(note: typeof NOTE | null = NOTE): AnnouncementContent {
  let low = 0;
  let high = 20000;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (largestCardBytes(contentWithBodies(mid), note) <= MAX_CARD_BYTES) low = mid;
    else high = mid;
  }
  return contentWithBodies(low);
}

function announcement(content: AnnouncementContent, overrides: Partial<Announcement> = {}): Announcement {
  return {
    ...content,
    id: ID,
    status: 'published',
    version: 3,
    revision: 0,
    audience: { kind: 'all' },
    scheduledAt: null,
    revisionKind: null,
    revisionNote: null,
    revisions: [],
    createdBy: 't/a',
    createdByName: 'A',
    lastEditedBy: 't/a',
    submittedBy: 't/a',
    approvedBy: 't/a',
    duplicatedFrom: null,
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    publishedAt: '2026-11-26T10:00:00.000Z',
    revisedAt: null,
    retractedAt: null,
    ...overrides,
  };
}

describe('announcement card templates with edge data (issue 14 §1)', () => {
  const longest = longestAccepted();
  const longestUnrevised = longestAccepted(null);
  const note = NOTE;
  const revised = { id: ID, revision: 2, revisionKind: 'correction' as const, revisedAt: '2026-12-01T08:00:00.000Z', revisionNote: note };

  it('reader cards: the longest accepted content fits in every view, acknowledged or not, revised or not', () => {
    assert.ok(longest.body.fi.length > 1000, `the longest accepted body is ${longest.body.fi.length} characters`);
    for (const view of VIEWS) {
      for (const state of [{ id: ID, revision: 0, revisionKind: null, revisedAt: null }, revised]) {
        for (const options of [{}, { ackedAt: '2026-12-01T09:00:00.000Z' }, { preview: true as const }]) {
          assertValid(
            announcementCard(longest, state, view, options),
            `${JSON.stringify(view)} ${state.revision} ${JSON.stringify(options)}`,
          );
        }
      }
    }
    const minimal = {
      ...draft().content,
      title: { fi: 'T' },
      body: { fi: 'B' },
      effectiveDate: null,
      interfaces: [],
      link: null,
    } as AnnouncementContent;
    for (const view of VIEWS)
      assertValid(announcementCard(minimal, { id: ID, revision: 0, revisionKind: null, revisedAt: null }, view), 'minimal');
  });

  it('content over 28 KB is measured (not refused) by largestCardBytes and refused as CARD_TOO_LARGE by the card, a permanent delivery failure', () => {
    const tooLong = contentWithBodies(longest.body.fi.length + 400);
    assert.ok(largestCardBytes(tooLong, note) > MAX_CARD_BYTES);
    assert.throws(
      () => announcementCard(tooLong, revised, { mode: 'multi' }),
      (error: unknown) => isAppError(error) && error.code === 'CARD_TOO_LARGE',
    );
    let thrown: unknown;
    try {
      announcementCard(tooLong, revised, { mode: 'multi' });
    } catch (error) {
      thrown = error;
    }
    assert.equal(classify(thrown, 'post').kind, 'permanent');
  });

  for (const lang of LANGS) {
    describe(lang, () => {
      it('the form in every mode: empty, and with long values, problems, notices and targets', () => {
        for (const mode of ['new', 'edit', 'revise'] as const) {
          assertValid(formCard(lang, { mode, values: {}, formId: 'form-1', targets: [] }), `${mode} empty`);
          // The longest content the form accepts, edited or revised with the longest notes.
          const values = {
            ...valuesOf(announcement(longest)),
            noteFi: NOTE.fi,
            noteSv: NOTE.sv,
            noteEn: NOTE.en,
            revisionKind: 'correction',
          };
          const targets = Array.from({ length: 30 }, (_, i) => ({
            id: `19:channel-${i}@thread.tacv2`,
            label: `Testiyliopisto ${i} › Oppijanumeropalvelu`,
          }));
          const problems = ['Otsikko ruotsiksi on liian pitkä.', 'Linkin pitää alkaa https://.'];
          assertValid(
            formCard(lang, {
              mode,
              values,
              problems,
              notices: ['Huom: lähetys on ajastettu viikonlopulle.'],
              formId: 'form-1',
              announcementId: ID,
              version: 3,
              targets,
            }),
            `${mode} full`,
          );
        }
      });

      it('the author card in every status, with and without the preview embedded', () => {
        for (const status of ['draft', 'pending_approval', 'scheduled', 'published', 'retracted', 'deleted'] as const) {
          for (const approval of ['single', 'two-person'] as const) {
            const view = {
              announcement: announcement(longest, { status, scheduledAt: '2026-12-01T08:00:00.000Z' }),
              approval,
              canApprove: true,
              keyFor: () => 'key-1',
              audienceSize: 41,
              message: heavy(100),
              notices: [heavy(100)],
            };
            const small = announcementCard(
              draft().content,
              { id: ID, revision: 0, revisionKind: null, revisedAt: null },
              { mode: 'multi' },
              { preview: true },
            );
            const embedded = adminCard(lang, view, small);
            assert.equal(embedded.previewEmbedded, true);
            assertValid(embedded.card, `${status} ${approval} with preview`);
            const big = announcementCard(
              longestUnrevised,
              { id: ID, revision: 0, revisionKind: null, revisedAt: null },
              { mode: 'multi' },
              { preview: true },
            );
            const separate = adminCard(lang, view, big);
            assert.equal(separate.previewEmbedded, false, 'the longest preview goes as its own message');
            assertValid(separate.card, `${status} ${approval} without preview`);
            assert.ok((separate.card.actions?.length ?? 0) <= 6);
          }
        }
      });

      it('the list: empty, and more items than it shows with the longest titles', () => {
        assertValid(listCard(lang, []), 'empty list');
        const items = Array.from({ length: 15 }, (_, i) => ({
          announcement: announcement(
            { ...longest, title: { fi: prose(200) } },
            { id: `${i}`.padStart(8, '0') + ID.slice(8), status: i % 2 ? 'published' : 'draft' },
          ),
          delivered: 40,
          targets: 41,
          acknowledged: 17,
          retractionFailed: i % 3,
        }));
        assertValid(listCard(lang, items), 'full list');
      });

      it('the report: nothing yet, and every list at its longest on a retracted announcement', () => {
        const empty: AnnouncementReport = {
          id: ID,
          title: 'T',
          category: 'feature',
          status: 'published',
          revision: 0,
          publishedAt: null,
          summary: {
            targets: 0,
            delivered: 0,
            pending: 0,
            failed: 0,
            unconfirmed: 0,
            cancelled: 0,
            possibleDuplicates: 0,
            acknowledged: 0,
            retracted: 0,
            retractionPending: 0,
            retractionFailed: 0,
          },
          failureReasons: [],
          targets: [],
          institutions: [],
          notAcknowledged: [],
          acknowledgements: [],
        };
        assertValid(reportCard(lang, empty), 'empty report');
        const full: AnnouncementReport = {
          ...empty,
          title: heavy(200),
          category: 'breaking',
          status: 'retracted',
          summary: { ...empty.summary, targets: 999999, retractionFailed: 12 },
          failureReasons: Array.from({ length: 12 }, (_, i) => ({ reason: `reason-${i}`, count: i })),
          // Long institution names (the register's longest are ~80 characters) and long Teams display names.
          institutions: Array.from({ length: 60 }, (_, i) => ({
            id: `inst-${i}`,
            name: { fi: prose(80), sv: prose(80), en: prose(80) },
            users: 999,
            acknowledged: 1,
          })),
          notAcknowledged: Array.from({ length: 80 }, (_, i) => ({
            tenantId: 't',
            objectId: `object-${i}`,
            displayName: `Testi_Käyttäjä *${i}* ${prose(24)}`,
            institutionId: null,
          })),
        };
        const card = reportCard(lang, full);
        assertValid(card, 'full report');
        assert.match(JSON.stringify(card), / …"/, 'more than 40 names end with an ellipsis');
      });

      it('the revision notice with the longest notes, and the message card with and without a button', () => {
        const a = announcement(longest, {
          revision: 1,
          revisions: [{ revision: 1, kind: 'update', note, at: '2026-12-01T08:00:00.000Z' }],
        });
        for (const view of VIEWS) assertValid(revisionNoticeCard(a, 1, view, true), `notice ${JSON.stringify(view)}`);
        assertValid(revisionNoticeCard(announcement(longest), 1, { mode: 'multi' }, false), 'notice without revisions');
        assertValid(messageCard(heavy(2000)), 'message');
        assertValid(messageCard('Poistettu.', [listButton(lang)]), 'message with a button');
      });
    });
  }
});

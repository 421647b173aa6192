/**
 * Feedback's templates (bot/features/feedback/cards/*.json) expanded through their typed builders with
 * edge data — empty lists, the longest texts the limits allow (heavy to escape), every language — give
 * cards the official Adaptive Cards parser accepts under Teams' host config, within 28 KB (issue 14 §1).
 */
import assert from 'node:assert/strict';
import { cardByteSize, MAX_CARD_BYTES, type AdaptiveCard } from '../../../bot/cards/card.js';
import { LANGS } from '../../../bot/i18n/index.js';
import {
  commentNotificationCard,
  confirmationCard,
  detailCard,
  formCard,
  keptValues,
  LIST_PAGE_SIZE,
  listCard,
  mergeNotificationCard,
  newItemForOphCard,
  statusNotificationCard,
} from '../../../bot/features/feedback/cards.js';
import { LIMITS, STATUSES } from '../../../bot/features/feedback/model.js';
import { DEFAULT_LIST_FILTER } from '../../../bot/features/feedback/validation.js';
import type { FeedbackComment, FeedbackEvent, FeedbackItem } from '../../../bot/store/feedback-repository.js';
import { adaptiveCardProblems } from '../../helpers/adaptive-card-validator.js';

function assertValid(card: AdaptiveCard, what: string): void {
  assert.deepEqual(adaptiveCardProblems(card), [], what);
  assert.ok(cardByteSize(card) <= MAX_CARD_BYTES, `${what}: ${cardByteSize(card)} bytes`);
}

/** Text of exactly `length` characters that costs the most once escaped: Markdown marks, quotes, backslashes. */
const heavy = (length: number) => '*"\\[ä]_'.repeat(Math.ceil(length / 7)).slice(0, length);

function item(overrides: Partial<FeedbackItem> = {}): FeedbackItem {
  return {
    id: 'id-1',
    ref: 'KE-2026-0042',
    formId: 'form-1',
    type: 'proposal',
    topic: 'yleistunniste',
    title: 'Eräajon tila',
    description: 'Kuvaus',
    impact: '',
    institutionId: null,
    institutionNames: null,
    contactOk: false,
    submitter: { tenantId: 't', objectId: 'o' },
    lang: 'fi',
    status: 'new',
    statusReason: null,
    duplicateOfId: null,
    duplicateOfRef: null,
    version: 1,
    votes: 0,
    votedByViewer: false,
    commentCount: 0,
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

const longest = (overrides: Partial<FeedbackItem> = {}) =>
  item({
    title: heavy(LIMITS.title),
    description: heavy(LIMITS.description),
    impact: heavy(LIMITS.impact),
    statusReason: heavy(LIMITS.reason),
    duplicateOfRef: 'KE-2026-000000001',
    institutionNames: { fi: heavy(200), sv: heavy(200), en: heavy(200) },
    votes: 123456,
    votedByViewer: true,
    contactOk: true,
    ...overrides,
  });

const comment = (i: number): FeedbackComment => ({
  id: `c${i}`,
  itemId: 'id-1',
  author: { tenantId: 't', objectId: 'o' },
  authorKind: ['oph', 'submitter', 'participant'][i % 3]!,
  authorInstitutionNames: { fi: heavy(200), sv: heavy(200), en: heavy(200) },
  body: heavy(LIMITS.comment),
  createdAt: '2026-11-27T10:00:00.000Z',
});

const event = (i: number): FeedbackEvent => ({
  id: `e${i}`,
  itemId: 'id-1',
  kind: ['created', 'status', 'merged', 'merged_in'][i % 4]!,
  fromStatus: 'new',
  toStatus: 'under_review',
  reason: heavy(LIMITS.reason),
  relatedItemId: null,
  relatedItemRef: 'KE-2026-0001',
  actor: { tenantId: 't', objectId: 'o' },
  notified: null,
  createdAt: '2026-11-27T10:00:00.000Z',
});

const detail = (lang: (typeof LANGS)[number], overrides: Partial<Parameters<typeof detailCard>[0]> = {}) =>
  detailCard({
    lang,
    item: item(),
    comments: [],
    events: [],
    followUrl: 'https://bot.example/tab/#/feedback/KE-2026-0042',
    canVote: false,
    canComment: false,
    canTriage: false,
    commentId: 'c-1',
    statusActionId: 's-1',
    mergeActionId: 'm-1',
    nextStatuses: [],
    ...overrides,
  });

describe('feedback card templates with edge data (issue 14 §1)', () => {
  for (const lang of LANGS) {
    describe(lang, () => {
      it('the form: empty, and with every problem and the heaviest kept values (shrunk to fit)', () => {
        assertValid(formCard({ lang, formId: 'form-1', institution: null }), 'empty form');
        const values = keptValues({
          type: 'bug',
          topic: 'testing',
          title: heavy(LIMITS.title * 2),
          description: heavy(LIMITS.description * 2),
          impact: heavy(LIMITS.impact * 2),
          contactOk: true,
        });
        const problems = ['type', 'topic', 'title', 'description', 'impact'].map((field) => ({ field, message: heavy(200) }));
        assertValid(formCard({ lang, formId: 'form-1', institution: heavy(200), values, problems, notice: heavy(300) }), 'heaviest form');
      });

      it('the confirmation, masked and repeated', () => {
        assertValid(
          confirmationCard({ lang, item: longest(), masked: true, repeated: true, followUrl: 'https://bot.example/tab' }),
          'confirmation',
        );
        assertValid(
          confirmationCard({ lang, item: item(), masked: false, repeated: false, followUrl: 'https://bot.example/tab' }),
          'plain confirmation',
        );
      });

      it('the list: no items, and a full page of the longest titles with every button', () => {
        assertValid(listCard({ lang, items: [], total: 0, filter: DEFAULT_LIST_FILTER }), 'empty list');
        const items = Array.from({ length: LIST_PAGE_SIZE }, (_, i) =>
          longest({ ref: `KE-2026-00${10 + i}`, status: STATUSES[i % STATUSES.length]!, votedByViewer: i % 2 === 0 }),
        );
        const card = listCard({ lang, items, total: 99, filter: { ...DEFAULT_LIST_FILTER, page: 3 } });
        assertValid(card, 'full list');
        assert.equal(card.actions?.length, 3, 'previous, next, new');
      });

      it('the detail: bare, and the longest item with all comments, history and the triage forms (shrunk to fit)', () => {
        assertValid(detail(lang), 'bare detail');
        const full = detail(lang, {
          item: longest(),
          comments: Array.from({ length: 9 }, (_, i) => comment(i)),
          events: Array.from({ length: 14 }, (_, i) => event(i)),
          canVote: true,
          canComment: true,
          canTriage: true,
          nextStatuses: STATUSES,
          notice: heavy(200),
        });
        assertValid(full, 'full detail');
        assert.ok(
          full.actions!.some((a) => a.type === 'Action.ShowCard'),
          'the comment and triage forms are there',
        );
        assertValid(detail(lang, { item: longest({ status: 'done' }), canTriage: true, nextStatuses: [] }), 'final status');
      });

      it('the notifications and the card to OPH, with the longest texts', () => {
        const followUrl = 'https://bot.example/tab/#/feedback/KE-2026-0042';
        assertValid(
          statusNotificationCard({ lang, item: longest(), from: 'new', to: 'planned', reason: heavy(LIMITS.reason), followUrl }),
          'status',
        );
        assertValid(
          statusNotificationCard({ lang, item: item(), from: 'new', to: 'planned', reason: null, followUrl }),
          'status without reason',
        );
        assertValid(mergeNotificationCard({ lang, item: longest(), target: longest({ ref: 'KE-2026-0001' }), followUrl }), 'merge');
        assertValid(commentNotificationCard({ lang, item: longest(), comment: comment(1), followUrl }), 'comment');
        for (const contact of [null, { name: heavy(200), email: heavy(200) }]) {
          assertValid(newItemForOphCard({ lang, item: longest({ type: 'bug' }), contact, openUrl: followUrl }), 'to OPH');
        }
      });
    });
  }
});

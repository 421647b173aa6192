/**
 * Issue 14 §1: the escalation cards come from templates (bot/features/guidance/escalation/cards/*.json).
 * Edge data — empty lists, every ticket state, the longest texts the schemas accept written entirely in
 * characters that need escaping, Swedish and English — expands into cards the official parser accepts
 * within 28 KB (the size-fitting cards cut what they show instead of failing).
 */
import assert from 'node:assert/strict';
import { LANGS } from '../../../bot/i18n/index.js';
import {
  answerDeliveryCard,
  askConfirmCard,
  closedWithoutAnswerCard,
  commentThanksCard,
  gapsCard,
  myTicketsCard,
  ticketCard,
  ticketCreatedCard,
  voteThanksCard,
} from '../../../bot/features/guidance/escalation/cards.js';
import { MAX_ANSWER, MAX_CLOSE_REASON, MAX_TICKET_QUESTION } from '../../../bot/features/guidance/escalation/schemas.js';
import { withVoteState } from '../../../bot/features/guidance/escalation/vote-card.js';
import { answerCard } from '../../../bot/features/guidance/cards.js';
import { buildAnswerText } from '../../../bot/features/guidance/answer-text.js';
import { Analyzer } from '../../../bot/features/guidance/analyzer.js';
import { guidanceText } from '../../../bot/features/guidance/i18n.js';
import { pageCatalog } from '../../../bot/features/guidance/source-pages.js';
import type { GapGroup, Ticket, TicketState } from '../../../bot/store/guidance-repository.js';
import { assertValidCard, worstText } from '../../helpers/card-edge.js';

const STATES: TicketState[] = ['open', 'assigned', 'answered', 'closed'];

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '7d1f3c0e-3a52-4c55-9d7f-2f4f5a0b9e11',
    ref: 'KY-2026-0007',
    formId: 'f',
    asker: { tenantId: 't', objectId: 'o', name: 'Maija' },
    askerInstitutionId: null,
    institutionNames: null,
    lang: 'fi',
    question: 'Miten haen testitunnukset?',
    articleId: null,
    conversationId: 'a:chat',
    conversationKind: 'personal',
    threadRootId: null,
    state: 'open',
    assignee: null,
    assignedAt: null,
    answer: null,
    answeredBy: null,
    answeredAt: null,
    closedByName: null,
    closedAt: null,
    closeReason: null,
    expertPostState: 'posted',
    expertConversationId: null,
    expertActivityId: null,
    delivery: null,
    version: 1,
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

/** A ticket in `state` with every optional part filled with the longest text allowed. */
function longest(state: TicketState): Ticket {
  const name = worstText(300);
  return ticket({
    state,
    question: worstText(MAX_TICKET_QUESTION),
    asker: { tenantId: 't', objectId: 'o', name },
    institutionNames: { fi: name, sv: name, en: name },
    articleId: worstText(100),
    assignee: state === 'open' ? null : { tenantId: 't', objectId: 'e', name },
    answer: state === 'answered' || state === 'closed' ? worstText(MAX_ANSWER) : null,
    answeredBy: state === 'answered' || state === 'closed' ? { tenantId: 't', objectId: 'e', name } : null,
    answeredAt: '2026-11-27T10:00:00.000Z',
    delivery: state === 'answered' ? 'failed' : null,
    closedByName: name,
    closedAt: state === 'closed' ? '2026-11-28T10:00:00.000Z' : null,
    closeReason: state === 'closed' ? worstText(MAX_CLOSE_REASON) : null,
  });
}

const gap = (question: string, comments: string[] = []): GapGroup => ({
  questionNorm: question,
  question,
  count: 3,
  firstAt: '2026-11-01T00:00:00.000Z',
  lastAt: '2026-11-25T00:00:00.000Z',
  langs: ['fi', 'sv'],
  articleIds: [worstText(100), 'b', 'c', 'd'],
  comments,
});

describe('escalation card templates with edge data (issue 14 §1)', () => {
  it('vote thanks, comment thanks and the ask-OPH confirm card in every language, masked or not', () => {
    for (const lang of LANGS) {
      for (const masked of [false, true]) {
        for (const vote of ['up', 'down'] as const) {
          assertValidCard(voteThanksCard(lang, { vote, voteId: 'v', replaced: masked, masked }), `${lang} ${vote}`);
        }
        assertValidCard(commentThanksCard(lang, { stored: masked, masked }), `${lang} comment`);
        const confirm = askConfirmCard(lang, {
          question: worstText(MAX_TICKET_QUESTION * 2),
          articleId: worstText(100),
          formId: 'f',
          masked,
        });
        assertValidCard(confirm, `${lang} confirm`);
      }
      // An input shows its value as typed: template syntax in it stays, and is not mistaken for a leftover.
      const typed = askConfirmCard(lang, { question: 'Miksi ${oid} puuttuu?', formId: 'f', masked: false });
      assert.match(JSON.stringify(typed), /"value":"Miksi \$\{oid\} puuttuu\?"/);
    }
  });

  it("the expert's ticket card in every state and language, at the longest, with notices and a tab link", () => {
    for (const lang of LANGS) {
      for (const state of STATES) {
        assertValidCard(ticketCard(ticket({ state }), lang), `${lang} ${state}`);
        assertValidCard(
          ticketCard(longest(state), lang, [worstText(200), worstText(200)], 'https://teams.microsoft.com/l/entity/x/gaps'),
          `${lang} longest ${state}`,
        );
      }
    }
  });

  it('what the asker receives: created (posted or only stored), the answer and the closing, at the longest', () => {
    for (const lang of LANGS) {
      for (const expertPostState of ['posted', 'none'] as const) {
        const created = ticketCreatedCard(lang, ticket({ question: worstText(MAX_TICKET_QUESTION), expertPostState }), {
          duplicate: true,
          masked: true,
        });
        assertValidCard(created, `${lang} created ${expertPostState}`);
      }
      assertValidCard(answerDeliveryCard(longest('answered'), lang), `${lang} answer`);
      assertValidCard(answerDeliveryCard(ticket({ answer: '' }), lang), `${lang} empty answer`);
      assertValidCard(closedWithoutAnswerCard(longest('closed'), lang), `${lang} closed`);
      assertValidCard(closedWithoutAnswerCard(ticket({ state: 'closed' }), lang), `${lang} closed without a reason`);
    }
  });

  it('gaps and my tickets: empty, one, many and the longest', () => {
    for (const lang of LANGS) {
      assertValidCard(gapsCard({ unanswered: [], downvoted: [] }, lang, 90), `${lang} no gaps`);
      assertValidCard(
        gapsCard({ unanswered: [gap('kysymys')], downvoted: [] }, lang, 7, 'https://teams.microsoft.com/l/entity/x/gaps'),
        `${lang} one gap`,
      );
      const many = Array.from({ length: 30 }, () => gap(worstText(2000), [worstText(500)]));
      assertValidCard(gapsCard({ unanswered: many, downvoted: many }, lang, 90), `${lang} many gaps`);

      assertValidCard(myTicketsCard(lang, [], { limited: false }), `${lang} no tickets`);
      const mine = STATES.flatMap((state) => [ticket({ state, answer: state === 'answered' ? 'Vastaus' : null }), longest(state)]);
      assertValidCard(myTicketsCard(lang, mine, { limited: true }), `${lang} my tickets`);
      assertValidCard(myTicketsCard(lang, [longest('closed')], { limited: false, title: worstText(100) }), `${lang} one ticket`);
    }
  });

  it('the vote shown in place of the vote buttons, for 👍, 👎 and after a comment, in every language', () => {
    const analyzer = new Analyzer([]);
    const article = {
      id: 'a',
      lang: 'fi' as const,
      title: 'Otsikko',
      sources: ['rajapintojen-autentikaatio'],
      keywords: [],
      questions: [],
      updated: '2026-11-26',
      body: 'Yksi.\n\nKaksi.',
      file: 'fi/a.md',
    };
    for (const lang of LANGS) {
      const answer = answerCard({
        lang,
        article,
        text: buildAnswerText(article.body, lang, analyzer),
        pages: pageCatalog(),
        question: worstText(500),
        band: 'answer',
      });
      const states = [
        { step: 'voted', vote: 'up', voteId: 'v', replaced: true, masked: true },
        { step: 'voted', vote: 'down', voteId: 'v', replaced: true, masked: true },
        { step: 'commented', stored: true, masked: false },
      ] as const;
      for (const state of states) {
        const card = withVoteState(answer, lang, guidanceText[lang].voteQuestion, state);
        assertValidCard(card, `${lang} ${state.step}`);
        assert.ok(!JSON.stringify(card).includes('"guidance.vote"'), 'the vote buttons are gone');
      }
    }
  });
});

import assert from 'node:assert/strict';
import { cardByteSize, MAX_CARD_BYTES, type AdaptiveCard } from '../../../bot/cards/card.js';
import { LANGS } from '../../../bot/i18n/index.js';
import {
  answerDeliveryCard,
  askConfirmCard,
  formatDateTime,
  gapsCard,
  ticketCard,
  ticketCreatedCard,
  voteThanksCard,
} from '../../../bot/features/guidance/escalation/cards.js';
import { escalationText } from '../../../bot/features/guidance/escalation/i18n.js';
import { VERB_TICKET_ANSWER, VERB_TICKET_ASSIGN, VERB_TICKET_CLOSE } from '../../../bot/features/guidance/escalation/verbs.js';
import type { GapGroup, Ticket, TicketState } from '../../../bot/store/guidance-repository.js';

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

const verbs = (card: AdaptiveCard): string[] =>
  JSON.stringify(card)
    .match(/"verb":"[^"]+"/g)
    ?.map((m) => m.slice(8, -1)) ?? [];
const unique = (xs: string[]) => [...new Set(xs)];

describe('escalation cards', () => {
  it('shows the buttons that fit the ticket state, each carrying the ticket id and version', () => {
    const by: Record<TicketState, string[]> = {
      open: [VERB_TICKET_ASSIGN, VERB_TICKET_CLOSE],
      assigned: [VERB_TICKET_ANSWER, VERB_TICKET_CLOSE],
      answered: [VERB_TICKET_CLOSE],
      closed: [],
    };
    for (const state of Object.keys(by) as TicketState[]) {
      const card = ticketCard(ticket({ state, version: 4, answer: state === 'answered' || state === 'closed' ? 'Vastaus' : null }), 'fi');
      assert.deepEqual(unique(verbs(card)), by[state], state);
      // Closing an unanswered ticket asks first: its button opens a form (Action.ShowCard) with the real action.
      const flat = (card.actions ?? []).flatMap((a) =>
        a.type === 'Action.ShowCard' ? ((a.card as { actions: typeof card.actions }).actions ?? []) : [a],
      );
      for (const action of flat) {
        const data = action.data as Record<string, unknown>;
        assert.equal(data.ticketId, ticket().id);
        assert.equal(data.version, 4);
      }
    }
    for (const state of ['open', 'assigned'] as const) {
      const close = (ticketCard(ticket({ state }), 'fi').actions ?? []).find((a) => a.type === 'Action.ShowCard');
      assert.ok(close, `${state}: "Sulje vastaamatta…" asks first`);
      assert.equal(close.title, 'Sulje vastaamatta…');
      assert.match(JSON.stringify(close.card), /"id":"reason".*"isRequired":true/);
    }
    const assigned = JSON.stringify(ticketCard(ticket({ state: 'assigned' }), 'fi'));
    assert.match(assigned, /"id":"answer"/);
    assert.match(assigned, /"id":"addToKb"/);
    assert.match(assigned, /"maxLength":4000/);
  });

  it('neutralises Markdown and links in user text on every card', () => {
    const evil = '**bold** [click](https://evil.example) # heading';
    const cards = [
      ticketCard(
        ticket({ question: evil, asker: { tenantId: 't', objectId: 'o', name: '[admin](https://x)' }, answer: evil, state: 'answered' }),
        'fi',
      ),
      answerDeliveryCard(ticket({ question: evil, answer: evil }), 'sv'),
      ticketCreatedCard('en', ticket({ question: evil }), { duplicate: false, masked: false }),
      gapsCard({ unanswered: [gap(evil)], downvoted: [gap(evil, [evil])] }, 'fi', 90),
    ];
    for (const card of cards) {
      const json = JSON.stringify(card);
      assert.ok(!json.includes('[click](https'), 'no live link');
      assert.ok(!json.includes('**bold**'), 'no live emphasis');
      assert.ok(json.includes(String.raw`\\*\\*bold\\*\\*`));
    }
  });

  it('stays under the 28 KB Teams limit with maximal content', () => {
    const long = 'Pitkä kysymys, jossa on paljon sanoja ja ääkkösiä. '.repeat(200);
    const biggest = [
      askConfirmCard('fi', { question: long.slice(0, 2000), articleId: 'x'.repeat(100), formId: 'f', masked: true }),
      ticketCard(
        ticket({
          question: long.slice(0, 2000),
          answer: long.slice(0, 4000),
          state: 'answered',
          delivery: 'failed',
          institutionNames: { fi: 'x'.repeat(200), sv: 'y', en: 'z' },
        }),
        'fi',
        ['a', 'b'],
      ),
      ticketCard(ticket({ question: long.slice(0, 2000), state: 'assigned' }), 'sv'),
      answerDeliveryCard(ticket({ question: long.slice(0, 2000), answer: long.slice(0, 4000) }), 'en'),
      gapsCard(
        {
          unanswered: Array.from({ length: 10 }, () => gap(long.slice(0, 2000))),
          downvoted: Array.from({ length: 10 }, () => gap(long.slice(0, 2000), [long.slice(0, 500)])),
        },
        'fi',
        90,
      ),
      voteThanksCard('fi', { vote: 'down', voteId: 'v', replaced: true, masked: true }),
    ];
    for (const card of biggest) assert.ok(cardByteSize(card) < MAX_CARD_BYTES, `card is ${cardByteSize(card)} bytes`);
  });

  it('still fits when every character of maximal user text needs escaping (display text is cut, not the card refused)', () => {
    const stars = (n: number) => '*'.repeat(n);
    const full = ticket({
      question: stars(2000),
      answer: stars(4000),
      state: 'answered',
      asker: { tenantId: 't', objectId: 'o', name: stars(300) },
    });
    const card = ticketCard(full, 'fi', ['notice']);
    assert.ok(cardByteSize(card) < MAX_CARD_BYTES);
    assert.match(JSON.stringify(card), /…/, 'the shown text was cut');
    assert.ok(cardByteSize(answerDeliveryCard(full, 'fi')) < MAX_CARD_BYTES);
    // Hundreds of one-word paragraphs: merged into a bounded number of blocks.
    const chopped = ticket({ answer: Array.from({ length: 1300 }, () => 'zq').join('\n\n'), state: 'answered' });
    const delivered = answerDeliveryCard(chopped, 'fi');
    assert.ok(cardByteSize(delivered) < MAX_CARD_BYTES);
    assert.ok(delivered.body.length <= 15);
    assert.equal((JSON.stringify(delivered).match(/zq/g) ?? []).length, 1300, 'nothing of the answer is lost');
    assert.ok(cardByteSize(ticketCard(chopped, 'fi')) < MAX_CARD_BYTES);
    const many = Array.from({ length: 50 }, () => gap(stars(2000), [stars(500)]));
    const gaps = gapsCard({ unanswered: many, downvoted: many }, 'sv', 90);
    assert.ok(cardByteSize(gaps) < MAX_CARD_BYTES);
    assert.ok(JSON.stringify(gaps).includes('3×'), 'at least some groups are shown');
    assert.match(JSON.stringify(gapsCard({ unanswered: [], downvoted: [] }, 'en', 90)), /No questions in this period/);
  });

  it('prefills the confirm card with the masked question as an editable, required, bounded input', () => {
    const card = askConfirmCard('sv', { question: 'Fråga [henkilötunnus]', formId: '0f0e', masked: true });
    const json = JSON.stringify(card);
    assert.match(json, /"value":"Fråga \[henkilötunnus\]"/);
    assert.match(json, /"isRequired":true/);
    assert.match(json, /"maxLength":2000/);
    assert.match(json, /"formId":"0f0e"/);
    assert.match(json, /personbeteckning/);
  });

  it('writes the answer card in the asker’s language and says where the answer comes', () => {
    assert.match(JSON.stringify(answerDeliveryCard(ticket({ answer: 'x' }), 'en')), /OPH answered your question \(KY-2026-0007\)/);
    assert.match(
      JSON.stringify(
        ticketCreatedCard('fi', ticket({ conversationKind: 'channel', threadRootId: '1' }), { duplicate: false, masked: false }),
      ),
      /keskusteluketjuun/,
    );
    assert.match(JSON.stringify(ticketCreatedCard('fi', ticket(), { duplicate: true, masked: false })), /jo lähetetty/);
  });

  it('formats times in Helsinki time', () => {
    assert.match(formatDateTime('2026-11-26T10:00:00.000Z', 'fi'), /12\.00/);
    assert.equal(formatDateTime('not a date', 'fi'), '');
  });

  it('has every text in every language, none empty', () => {
    const keys = Object.keys(escalationText.fi);
    for (const lang of LANGS) {
      assert.deepEqual(Object.keys(escalationText[lang]).sort(), [...keys].sort(), lang);
      for (const [key, value] of Object.entries(escalationText[lang])) {
        const textValue = typeof value === 'function' ? (value as (...a: unknown[]) => string)('X', 'Y') : value;
        assert.ok(textValue.trim().length > 0, `${lang}.${key}`);
      }
    }
  });
});

function gap(question: string, comments: string[] = []): GapGroup {
  return {
    questionNorm: question,
    question,
    count: 3,
    firstAt: '2026-11-01T00:00:00.000Z',
    lastAt: '2026-11-25T00:00:00.000Z',
    langs: ['fi'],
    articleIds: ['a'],
    comments,
  };
}

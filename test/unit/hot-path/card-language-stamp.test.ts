/**
 * Issue 16: every card the bot sends gets the turn's `lang` in its buttons' data. The stamp now copies
 * only what it changes (the actions and the path to them) instead of the whole card; the JSON that
 * goes out — every key, value and key order — is exactly what the full copy gave.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { AdaptiveCard } from '../../../bot/cards/card.js';
import { MAX_CARD_BYTES } from '../../../bot/cards/card.js';
import { stampCardLanguage, stampReplyLanguage, stampResultLanguage } from '../../../bot/teams/card-language.js';
import { channelWelcomeCard, helpCard } from '../../../bot/features/help/cards.js';
import { unknownCard, suggestCard } from '../../../bot/features/guidance/cards.js';
import { LANGS, type Lang } from '../../../bot/i18n/index.js';
import { makeUser } from '../../helpers/fakes.js';

const DATA_ACTIONS = new Set(['Action.Execute', 'Action.Submit']);

/** The stamp as it was: a full deep copy with `lang` added to every data-carrying action. */
function referenceStamp(node: unknown, lang: Lang): unknown {
  if (Array.isArray(node)) return node.map((item) => referenceStamp(item, lang));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) out[key] = referenceStamp(value, lang);
  if (typeof out.type === 'string' && DATA_ACTIONS.has(out.type)) {
    const data = out.data;
    if (data === undefined || (data && typeof data === 'object' && !Array.isArray(data))) {
      const record = (data ?? {}) as Record<string, unknown>;
      if (!('lang' in record)) out.data = { ...record, lang };
    }
  }
  return out;
}

/** Hand-made corner cases: nested show-cards, data that is missing, undefined, empty, a string, an array, or has its own lang. */
function cornerCard(): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'no buttons here', wrap: true },
      {
        type: 'ActionSet',
        actions: [
          { type: 'Action.Execute', title: 'a', verb: 'x', data: { verb: 'x', question: 'q' } },
          { type: 'Action.Submit', title: 'b' },
          { type: 'Action.Submit', title: 'c', data: undefined },
          { type: 'Action.Submit', title: 'd', data: {} },
          { type: 'Action.Submit', title: 'e', data: 'text data' },
          { type: 'Action.Submit', title: 'f', data: ['x'] },
          { type: 'Action.Execute', title: 'g', verb: 'y', data: { lang: 'sv' } },
          { type: 'Action.OpenUrl', title: 'h', url: 'https://example.fi' },
        ],
      },
      { type: 'Container', items: [{ type: 'TextBlock', text: 'still none' }] },
    ],
    actions: [
      {
        type: 'Action.ShowCard',
        title: 'more',
        card: { type: 'AdaptiveCard', body: [], actions: [{ type: 'Action.Submit', title: 'inner', data: { verb: 'inner' } }] },
      },
    ],
  } as unknown as AdaptiveCard;
}

function cards(): AdaptiveCard[] {
  const user = makeUser('ServiceOwnerAdmin');
  return LANGS.flatMap((lang) => [
    helpCard(user, lang),
    helpCard(makeUser('Participant'), lang, 'https://teams.example/tab'),
    channelWelcomeCard(lang),
    unknownCard({ lang, question: 'Miten oppijanumero luodaan?', masked: false, truncated: false }),
    suggestCard({
      lang,
      question: 'Vad är ett studentnummer?',
      suggestions: [
        { articleId: 'a-1', title: 'First' },
        { articleId: 'a-2', title: 'Second' },
      ],
      passage: null,
      masked: true,
      truncated: false,
    }),
    cornerCard(),
  ]);
}

describe('the language stamp on outgoing cards (issue 16)', () => {
  it('sends exactly the JSON the full copy sent, in every language, and leaves the card it was given as it was', () => {
    for (const card of cards()) {
      for (const lang of LANGS) {
        const before = JSON.stringify(card);
        const stamped = stampCardLanguage(card, lang);
        assert.equal(JSON.stringify(stamped), JSON.stringify(referenceStamp(card, lang)));
        assert.equal(JSON.stringify(card), before, 'the original card is not changed');
      }
    }
  });

  it('copies only what it changes: parts without buttons are the original objects', () => {
    const card = cornerCard();
    const stamped = stampCardLanguage(card, 'fi') as unknown as { body: unknown[]; actions: unknown[] };
    const body = (card as unknown as { body: unknown[] }).body;
    assert.notEqual(stamped, card);
    assert.equal(stamped.body[0], body[0], 'a text block without buttons is shared');
    assert.equal(stamped.body[2], body[2], 'a container without buttons is shared');
    assert.notEqual(stamped.body[1], body[1], 'the action set with buttons is a copy');
    const noButtons = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x' }] } as unknown as AdaptiveCard;
    assert.equal(stampCardLanguage(noButtons, 'sv'), noButtons, 'a card without buttons is sent as it is');
  });

  it('still sends the card unstamped when the stamp would push it over the size limit', () => {
    // Just under the limit with its text; the stamp's few bytes push it over.
    const filler = 'x'.repeat(Math.floor(MAX_CARD_BYTES / 2) - 200);
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: filler }],
      actions: Array.from({ length: 6 }, (_, i) => ({ type: 'Action.Submit', title: `b${i}`, data: { verb: `v${i}` } })),
    } as unknown as AdaptiveCard;
    assert.ok(JSON.stringify(referenceStamp(card, 'fi')).length * 2 > MAX_CARD_BYTES, 'the fixture is over the limit once stamped');
    assert.equal(stampCardLanguage(card, 'fi'), card);
  });

  it('a card the stamp leaves as it is (no buttons, or every button with its lang) is not serialised again to be measured (round 3)', () => {
    const stringify = sinon.spy(JSON, 'stringify');
    try {
      const complete = referenceStamp(cornerCard(), 'sv') as AdaptiveCard;
      stringify.resetHistory();
      assert.equal(stampCardLanguage(complete, 'fi'), complete, 'every button has its lang: the same card, nothing to change');
      assert.equal(stringify.callCount, 0);
      // A card that does change is still measured (the size-limit fallback above depends on it).
      stampCardLanguage(cornerCard(), 'fi');
      assert.equal(stringify.callCount, 1);
    } finally {
      stringify.restore();
    }
    const noButtons = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'x'.repeat(MAX_CARD_BYTES) }],
    } as unknown as AdaptiveCard;
    assert.equal(stampCardLanguage(noButtons, 'fi'), noButtons, 'nothing to stamp: the card as it is, whatever its size (as before)');
  });

  it('stamps replies and action results alike', () => {
    const card = cornerCard();
    const reply = stampReplyLanguage({ kind: 'card', card }, 'en');
    assert.equal(reply.kind, 'card');
    assert.equal(JSON.stringify(reply.kind === 'card' ? reply.card : null), JSON.stringify(referenceStamp(card, 'en')));
    const result = stampResultLanguage({ kind: 'card', card, followUps: [{ kind: 'card', card }] }, 'sv');
    assert.equal(result.kind, 'card');
    if (result.kind === 'card') {
      assert.equal(JSON.stringify(result.card), JSON.stringify(referenceStamp(card, 'sv')));
      assert.equal(
        JSON.stringify(result.followUps?.[0]?.kind === 'card' ? result.followUps[0].card : null),
        JSON.stringify(referenceStamp(card, 'sv')),
      );
    }
  });
});

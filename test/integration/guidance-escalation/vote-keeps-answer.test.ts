/**
 * Issue 15 item 2: voting keeps the answer. 👍 used to replace the answer (text and sources) with a
 * thank-you; 👎 turned it into a comment box and removed "Ask OPH" — the next step after "no".
 */
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../bot/store/db.js';
import { FakeMessenger, makeTurn, makeUser } from '../../helpers/fakes.js';
import { createGuidanceRepository } from '../../../bot/store/guidance-repository.js';
import { createEscalationFeature, type EscalationFeature } from '../../../bot/features/guidance/escalation/index.js';
import { VERB_ASK_OPH, VERB_VOTE, VERB_VOTE_COMMENT } from '../../../bot/features/guidance/escalation/verbs.js';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/engine.js';
import { renderAnswerCard } from '../../../bot/features/guidance/index.js';
import type { AdaptiveCard } from '../../../bot/cards/card.js';
import { actionByVerb, cardOf, cardText, hasVerb, inputById, press } from './helpers.js';

const ARTICLE = 'mika-on-oppijanumero';

function openUrls(card: AdaptiveCard): string[] {
  return JSON.stringify(card).match(/"url":"[^"]+"/g) ?? [];
}

describe('a vote keeps the answer and shows the vote in place (issue 15 item 2)', function () {
  this.timeout(30_000);
  let engine: GuidanceEngine;
  let store: Store;
  let feature: EscalationFeature;
  const user = makeUser('Participant', { objectId: 'voter-1', lang: 'en' });
  // The Teams client says English; the card (and so the turn) is Finnish.
  const turn = () => makeTurn({ user, lang: 'fi' });

  before(async () => {
    engine = await createGuidanceEngine({ kbDir: 'kb' });
  });
  after(() => engine.close());
  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
    feature = createEscalationFeature({
      repository: createGuidanceRepository(store),
      messenger: new FakeMessenger(),
      expertChannel: async () => null,
      renderAnswer: (answer) => renderAnswerCard(engine, answer),
    });
  });
  afterEach(() => store.close());

  const answer = () => {
    const card = renderAnswerCard(engine, { articleId: ARTICLE, lang: 'fi', question: 'mikä on oppijanumero?', band: 'answer' });
    assert.ok(card);
    return card;
  };
  const title = () => engine.show(ARTICLE, 'fi')!.article.title;

  it('👍 keeps the title, the answer text and the sources, and thanks in the card language in place of the buttons', async () => {
    const original = answer();
    const voted = cardOf(await press(feature, turn(), actionByVerb(original, VERB_VOTE)));
    const text = cardText(voted);
    assert.ok(text.includes(title()), 'the answer title stays');
    const firstBlock = engine.show(ARTICLE, 'fi')!.text.blocks[0]!;
    assert.ok(text.includes(firstBlock), 'the answer text stays');
    assert.deepEqual(openUrls(voted), openUrls(original), 'the sources stay');
    assert.ok(text.includes('👍 Kiitos palautteesta!'), text);
    assert.ok(!text.includes('Oliko vastauksesta apua?'), 'the question is answered: no vote buttons');
    assert.ok(!hasVerb(voted, VERB_VOTE));
  });

  it('👎 keeps the answer and offers the comment box with "Lähetä kommentti" and "Kysy OPH:lta" side by side', async () => {
    const original = answer();
    const down = actionByVerb(original, VERB_VOTE);
    const voted = cardOf(await press(feature, turn(), { ...down, data: { ...down.data, vote: 'down' } }));
    assert.ok(cardText(voted).includes(title()));
    assert.deepEqual(openUrls(voted), openUrls(original));
    assert.ok(inputById(voted, 'comment'), 'a comment box');
    const sets = voted.body.filter((e) => e.type === 'ActionSet') as unknown as Array<{
      actions: Array<{ verb?: string; title?: string }>;
    }>;
    const side = sets.find((s) => s.actions.some((a) => a.verb === VERB_VOTE_COMMENT));
    assert.ok(side, 'a comment button');
    assert.deepEqual(
      side.actions.map((a) => a.title),
      ['Lähetä kommentti', 'Kysy OPH:lta'],
    );
    assert.ok(
      cardText(voted).startsWith(cardText(original).split('\nOliko vastauksesta apua?')[0]!),
      'everything above the vote is unchanged',
    );

    // The comment keeps the answer too, and "Kysy OPH:lta" stays.
    const commented = cardOf(await press(feature, turn(), actionByVerb(voted, VERB_VOTE_COMMENT), { comment: 'Puuttui esimerkki.' }));
    assert.ok(cardText(commented).includes(title()));
    assert.ok(cardText(commented).includes('Kiitos kommentista!'));
    assert.ok(hasVerb(commented, VERB_ASK_OPH));
    assert.ok(!inputById(commented, 'comment'));
  });

  it('renders from the stored article, never from the client: forged text in the vote data does not reach the card', async () => {
    const up = actionByVerb(answer(), VERB_VOTE);
    const voted = cardOf(
      await press(feature, turn(), { ...up, data: { ...up.data, body: [{ type: 'TextBlock', text: 'FORGED' }], title: 'FORGED' } }),
    );
    assert.ok(!JSON.stringify(voted).includes('FORGED'));
    assert.ok(cardText(voted).includes(title()));
  });
});

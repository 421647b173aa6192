/**
 * Issue 14 item 10: the ticket verbs were renamed to the one scheme (`guidance.ticket.assign` →
 * `guidance.ticket-assign`, …). Ticket cards already posted in the expert channel keep the old verb, so
 * the old names are registered on the same handlers, and pressing an old card still works.
 */
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createGuidanceRepository } from '../../../bot/store/guidance-repository.js';
import { createEscalationFeature } from '../../../bot/features/guidance/escalation/index.js';
import { GUIDANCE_VERBS, LEGACY_VERB_ALIASES } from '../../../bot/features/guidance/verbs.js';
import { FakeMessenger, makeTurn, makeUser } from '../../helpers/fakes.js';
import { cardText } from './helpers.js';

describe('guidance: renamed card verbs keep working for cards already posted', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
  });
  afterEach(() => store.close());

  const feature = () =>
    createEscalationFeature({
      repository: createGuidanceRepository(store),
      messenger: new FakeMessenger(),
      expertChannel: async () => null,
    });

  it('registers every old name on the handler of its new name, and no verb twice', () => {
    const actions = feature().actions ?? [];
    for (const [old, current] of Object.entries(LEGACY_VERB_ALIASES)) {
      const handler = actions.find((a) => a.verbs.includes(current));
      assert.ok(handler, current);
      assert.ok(handler.verbs.includes(old), `${old} answered as ${current}`);
    }
    const all = actions.flatMap((a) => a.verbs);
    assert.equal(new Set(all).size, all.length);
  });

  it('an ask-OPH confirm card posted before the rename still creates the ticket', async () => {
    const escalation = feature();
    const asker = makeUser('Participant', { objectId: 'asker-1' });
    const old = 'guidance.ticket.create';
    assert.equal(LEGACY_VERB_ALIASES[old], GUIDANCE_VERBS.ticketCreate);
    const handler = escalation.actions!.find((a) => a.verbs.includes(old))!;
    const value = { verb: old, formId: '0f0e6a2c-1b3d-4e5f-8a9b-0c1d2e3f4a5b', question: 'Miten testitunnukset tilataan?' };
    const result = await handler.run({ ...makeTurn({ user: asker, lang: 'fi' }), verb: old, value });
    assert.ok(result.kind === 'card', JSON.stringify(result));
    assert.match(cardText(result.card), /KY-\d{4}-\d{4}/);
  });
});

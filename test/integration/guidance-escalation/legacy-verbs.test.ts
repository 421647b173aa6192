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
import { buildVerbTable } from '../../../bot/teams/verb-table.js';

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
    // The router's verb table refuses a verb owned twice, so building it is the "no verb twice" check.
    const table = buildVerbTable([feature()]);
    for (const [old, current] of Object.entries(LEGACY_VERB_ALIASES)) {
      assert.ok(table.get(current), current);
      assert.equal(table.get(old)?.verb, current, `${old} answered as ${current}`);
      assert.equal(table.get(old)?.handler, table.get(current)?.handler);
    }
  });

  it('an ask-OPH confirm card posted before the rename still creates the ticket', async () => {
    const escalation = feature();
    const asker = makeUser('Participant', { objectId: 'asker-1' });
    const old = 'guidance.ticket.create';
    assert.equal(LEGACY_VERB_ALIASES[old], GUIDANCE_VERBS.ticketCreate);
    const entry = buildVerbTable([escalation]).get(old)!;
    const value = { verb: old, formId: '0f0e6a2c-1b3d-4e5f-8a9b-0c1d2e3f4a5b', question: 'Miten testitunnukset tilataan?' };
    const result = await entry.handler.run({ ...makeTurn({ user: asker, lang: 'fi' }), verb: entry.verb, value });
    assert.ok(result.kind === 'card', JSON.stringify(result));
    assert.match(cardText(result.card), /KY-\d{4}-\d{4}/);
  });
});

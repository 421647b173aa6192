/**
 * The ticket round trip through the real router (botbuilder TestAdapter): checks that what Teams
 * sends — invoke activities in a channel thread — becomes the thread id the answer is delivered to.
 */
import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createGuidanceRepository } from '../../../bot/store/guidance-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { createLogger } from '../../../bot/log.js';
import {
  createEscalationFeature,
  VERB_TICKET_ANSWER,
  VERB_TICKET_ASSIGN,
  VERB_TICKET_CREATE,
} from '../../../bot/features/guidance/escalation/index.js';
import { FakeMessenger } from '../../helpers/fakes.js';
import type { AdaptiveCard } from '../../../bot/cards/card.js';
import { actionByVerb, cardText } from './helpers.js';

const TENANT = 'tenant-1';
const silent = createLogger({ level: 'silent' });
const THREAD = '19:general@thread.tacv2;messageid=1700000000123';
const EXPERTS = '19:experts@thread.tacv2';

function invoke(
  verb: string,
  data: Record<string, unknown>,
  from: { oid: string; name: string },
  conversationId: string,
  locale = 'sv-FI',
): Partial<Activity> {
  return {
    type: ActivityTypes.Invoke,
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    locale,
    from: { id: `29:${from.oid}`, name: from.name, aadObjectId: from.oid },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: conversationId, conversationType: 'channel', tenantId: TENANT, isGroup: true, name: '' },
    channelData: { team: { id: '19:team@thread.tacv2' }, tenant: { id: TENANT } },
    serviceUrl: 'http://127.0.0.1:1/',
    replyToId: '1700000000999',
    value: { action: { type: 'Action.Execute', verb, data } },
  };
}

function invokeCard(reply: Partial<Activity>): AdaptiveCard {
  const body = (reply.value as { body: { type: string; value: unknown } }).body;
  assert.equal(body.type, 'application/vnd.microsoft.card.adaptive', `expected a card, got ${JSON.stringify(body).slice(0, 200)}`);
  return body.value as AdaptiveCard;
}

describe('guidance escalation through the router', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
  });
  afterEach(() => store.close());

  it('asks in a channel thread, and the expert’s answer is replied into that thread in the asker’s language', async () => {
    const users = createUsersRepository(store);
    await users.upsert({
      tenantId: TENANT,
      objectId: 'expert-oid',
      displayName: 'OPH Expert',
      role: 'ServiceOwnerAdmin',
      institutionId: null,
      locale: 'fi',
    });
    const messenger = new FakeMessenger();
    const escalation = createEscalationFeature({
      repository: createGuidanceRepository(store),
      messenger,
      expertChannel: async () => EXPERTS,
    });
    const router = new BotRouter({
      features: [escalation],
      help: createHelpFeature({}),
      resolveUser: createUserResolver(users),
      installations: createInstallationTracker(createConversationsRepository(store), silent),
      logger: silent,
    });
    const adapter = new TestAdapter((context) => router.run(context));
    const askerFrom = { oid: 'asker-oid', name: 'Sara Frågare' };
    const expertFrom = { oid: 'expert-oid', name: 'OPH Expert' };

    let confirm: AdaptiveCard | undefined;
    await adapter.send(invoke('guidance.ask-oph', { question: 'Hur får jag testkoder?' }, askerFrom, THREAD)).assertReply((r) => {
      confirm = invokeCard(r);
    });
    const create = actionByVerb(confirm!, VERB_TICKET_CREATE);
    await adapter
      .send(invoke(VERB_TICKET_CREATE, { ...create.data, question: 'Hur får jag testkoder?' }, askerFrom, THREAD))
      .assertReply((r) => {
        assert.match(cardText(invokeCard(r)), /KY-\d{4}-0001/);
      });
    const posted = messenger.sent[0]!;
    assert.equal(posted.conversationId, EXPERTS);
    assert.ok(posted.reply?.kind === 'card');
    assert.match(cardText(posted.reply.card), /Sara Frågare/);

    // A Participant pressing the expert's button is refused with a localized message.
    const assign = actionByVerb(posted.reply.card, VERB_TICKET_ASSIGN);
    await adapter.send(invoke(VERB_TICKET_ASSIGN, assign.data, askerFrom, posted.conversationId, 'fi-FI')).assertReply((r) => {
      assert.equal((r.value as { body: { value: string } }).body.value, 'Sinulla ei ole oikeutta tähän toimintoon.');
    });

    let assigned: AdaptiveCard | undefined;
    await adapter.send(invoke(VERB_TICKET_ASSIGN, assign.data, expertFrom, posted.conversationId, 'fi-FI')).assertReply((r) => {
      assigned = invokeCard(r);
    });
    const answer = actionByVerb(assigned!, VERB_TICKET_ANSWER);
    await adapter
      .send(
        invoke(
          VERB_TICKET_ANSWER,
          { ...answer.data, answer: 'Beställ dem via kundtjänsten.', addToKb: 'false' },
          expertFrom,
          posted.conversationId,
          'fi-FI',
        ),
      )
      .assertReply((r) => assert.match(cardText(invokeCard(r)), /Vastattu/));

    const delivered = messenger.sent.find((s) => s.op === 'reply');
    assert.ok(delivered?.reply?.kind === 'card');
    assert.equal(delivered.conversationId, THREAD);
    assert.equal(delivered.threadRootId, '1700000000123');
    assert.match(cardText(delivered.reply.card), /Utbildningsstyrelsen har svarat/);
    assert.match(cardText(delivered.reply.card), /Beställ dem via kundtjänsten\./);
    assert.deepEqual(
      messenger.sent.map((s) => s.op),
      ['send', 'update', 'reply', 'update'],
    );
  });

  it('stores a vote sent as Action.Submit (older clients) the same way', async () => {
    const users = createUsersRepository(store);
    const repository = createGuidanceRepository(store);
    const escalation = createEscalationFeature({ repository, messenger: new FakeMessenger(), expertChannel: async () => null });
    const router = new BotRouter({
      features: [escalation],
      help: createHelpFeature({}),
      resolveUser: createUserResolver(users),
      installations: createInstallationTracker(createConversationsRepository(store), silent),
      logger: silent,
    });
    const adapter = new TestAdapter((context) => router.run(context));
    await adapter
      .send({
        type: ActivityTypes.Message,
        channelId: 'msteams',
        locale: 'en-US',
        from: { id: '29:u', name: 'U', aadObjectId: 'voter-oid' },
        recipient: { id: '28:bot', name: 'Bot' },
        conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
        serviceUrl: 'http://127.0.0.1:1/',
        value: {
          verb: 'guidance.vote',
          vote: 'up',
          articleId: 'yksilointi',
          band: 'answer',
          question: 'What is identification?',
          objectId: 'forged',
        },
      })
      .assertReply((r) => assert.match(JSON.stringify(r.attachments?.[0]?.content), /Glad the answer helped/));
    const row = await store.db.selectFrom('guidance_votes').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.object_id, 'voter-oid');
    assert.equal(row.lang, 'en');
  });
});

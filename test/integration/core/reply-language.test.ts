/**
 * Issue 15 item 1: replies follow the language the person writes in. The Teams client here says en-US
 * (as the Agents Playground always does, and as many Finns run Teams); the person writes Finnish.
 */
import assert from 'node:assert/strict';
import { TestAdapter, ActivityTypes, type Activity } from 'botbuilder';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/engine.js';
import { createLogger } from '../../../bot/log.js';
import type { Feature } from '../../../bot/features/types.js';
import { CARD_VERSION, type AdaptiveCard } from '../../../bot/cards/card.js';

const TENANT = 'tenant-1';
const silent = createLogger({ level: 'silent' });

function message(text: string, overrides: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    channelId: 'msteams',
    text,
    locale: 'en-US',
    from: { id: '29:user', name: 'Test User', aadObjectId: 'oid-1' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
    serviceUrl: 'http://127.0.0.1:1/',
    ...overrides,
  };
}
const invoke = (data: Record<string, unknown>, verb = 'probe.action') =>
  message('', { type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } });

function cardJson(activity: Partial<Activity>): string {
  const content = activity.attachments?.[0]?.content as unknown;
  assert.ok(content, `expected a card, got ${JSON.stringify(activity).slice(0, 300)}`);
  return JSON.stringify(content);
}

describe('reply language follows the text, not the Teams locale (issue 15 item 1)', function () {
  this.timeout(30_000);
  let store: Store;
  let engine: GuidanceEngine;
  const langs: string[] = [];
  /** Echoes the language each handler was given, and answers commands with a card with a button. */
  const probeCard = (): AdaptiveCard => ({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body: [],
    actions: [{ type: 'Action.Execute', title: 'Go', verb: 'probe.action', data: { verb: 'probe.action', n: 1 } }],
  });
  const probe: Feature = {
    name: 'probe',
    commands: [
      { names: ['omat kysymykseni', 'mina frågor', 'my questions'], run: async (input) => [{ kind: 'text', text: `mine:${input.lang}` }] },
      {
        names: ['palaute', 'feedback'],
        run: async (input) => [{ kind: 'card', card: probeCard(), summary: input.lang }],
      },
    ],
    actions: [{ verbs: ['probe.action'], run: async (input) => ({ kind: 'message', text: `action:${input.lang}` }) }],
    fallback: async (input) => {
      langs.push(input.lang);
      return [{ kind: 'text', text: `answer:${input.lang}` }];
    },
  };

  before(async () => {
    engine = await createGuidanceEngine({ kbDir: 'kb' });
  });
  after(() => engine.close());
  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
    langs.length = 0;
  });
  afterEach(() => store.close());

  function makeAdapter() {
    const conversations = createConversationsRepository(store);
    const router = new BotRouter({
      features: [probe],
      help: createHelpFeature({ tabUrl: 'http://localhost/tab/' }),
      resolveUser: createUserResolver(createUsersRepository(store)),
      installations: createInstallationTracker(conversations, silent),
      logger: silent,
      detectLanguage: (text, hint) => engine.language(text, hint),
    });
    return { adapter: new TestAdapter((context) => router.run(context)), conversations };
  }

  it('Finnish commands get Finnish replies under an en-US client: "apua", "omat kysymykseni"', async () => {
    const { adapter } = makeAdapter();
    await adapter.send(message('apua')).assertReply((reply) => assert.match(cardJson(reply), /Näin voin auttaa/));
    await adapter.send(message('omat kysymykseni')).assertReply('mine:fi');
    await adapter.send(message('mina frågor')).assertReply('mine:sv');
    await adapter
      .send(message('hjälp', { locale: 'fi-FI' }))
      .assertReply((reply) => assert.match(cardJson(reply), /Så här kan jag hjälpa/));
    // The locale still breaks ties: a shared word follows it.
    await adapter.send(message('?', { locale: 'sv-FI' })).assertReply((reply) => assert.match(cardJson(reply), /Så här kan jag hjälpa/));
  });

  it('a Finnish question gets a Finnish reply under an en-US client; an English one stays English under fi-FI', async () => {
    const { adapter } = makeAdapter();
    await adapter.send(message('mikä on yleistunniste?')).assertReply('answer:fi');
    await adapter.send(message('miten saan testitunnukset?')).assertReply('answer:fi');
    await adapter.send(message('how do I get test credentials?', { locale: 'fi-FI' })).assertReply('answer:en');
    assert.deepEqual(langs, ['fi', 'fi', 'en']);
  });

  it("every card button carries the turn's language, and pressing it answers in that language whatever the locale", async () => {
    const { adapter } = makeAdapter();
    let data: Record<string, unknown> = {};
    await adapter.send(message('palaute')).assertReply((reply) => {
      const card = JSON.parse(cardJson(reply)) as { actions: Array<{ data: Record<string, unknown> }> };
      data = card.actions[0]!.data;
    });
    assert.equal(data.lang, 'fi');
    await adapter.send(invoke(data)).assertReply((reply) => {
      assert.equal((reply.value as { body: { value: string } }).body.value, 'action:fi');
    });
    // The help card's buttons, too: a Finnish help card's "Anna palautetta" runs `palaute` in Finnish.
    await adapter.send(message('apua')).assertReply((reply) => {
      const card = JSON.parse(cardJson(reply)) as { actions: Array<{ verb?: string; data?: Record<string, unknown> }> };
      assert.ok(
        card.actions.filter((a) => a.verb).every((a) => a.data?.lang === 'fi'),
        JSON.stringify(card.actions),
      );
    });
    // An Action.Submit fallback (a message with a value) keeps the card's language too.
    await adapter.send(message('', { value: { verb: 'probe.action', lang: 'sv' } })).assertReply('action:sv');
  });

  it('a forged or missing card language is ignored (zod): the locale decides', async () => {
    const { adapter } = makeAdapter();
    await adapter
      .send(invoke({ lang: 'de' }))
      .assertReply((reply) => assert.equal((reply.value as { body: { value: string } }).body.value, 'action:en'));
    await adapter
      .send(invoke({ lang: { toString: 'fi' } }))
      .assertReply((reply) => assert.equal((reply.value as { body: { value: string } }).body.value, 'action:en'));
    await adapter
      .send(invoke({}))
      .assertReply((reply) => assert.equal((reply.value as { body: { value: string } }).body.value, 'action:en'));
  });

  it('the personal chat is remembered with the language the person writes in (for later notifications)', async () => {
    const { adapter, conversations } = makeAdapter();
    await adapter.send(message('mikä on yleistunniste?')).assertReply('answer:fi');
    assert.equal((await conversations.findUserConversation(TENANT, 'oid-1'))?.locale, 'fi');
  });
});

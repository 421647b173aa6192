import assert from 'node:assert/strict';
import { TestAdapter, ActivityTypes, type Activity } from 'botbuilder';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { createLogger } from '../../../bot/log.js';
import type { Feature, Reply } from '../../../bot/features/types.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import { AppError } from '../../../bot/errors.js';

const TENANT = 'tenant-1';
const silent = createLogger({ level: 'silent' });

function message(text: string, overrides: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    channelId: 'msteams',
    text,
    locale: 'fi-FI',
    from: { id: '29:user', name: 'Test User', aadObjectId: 'oid-1' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
    serviceUrl: 'http://127.0.0.1:1/',
    ...overrides,
  };
}

function cardOf(activity: Partial<Activity>): Record<string, unknown> {
  const content = activity.attachments?.[0]?.content as Record<string, unknown> | undefined;
  assert.ok(content, `expected a card, got ${JSON.stringify(activity).slice(0, 300)}`);
  return content;
}

describe('router (botbuilder TestAdapter)', () => {
  let store: Store;
  const seen: string[] = [];
  const echoFeature: Feature = {
    name: 'echo',
    commands: [{ names: ['test lookup', 'test'], run: async (input) => [{ kind: 'text', text: `cmd:${input.text}` }] }],
    actions: [
      {
        verbs: ['echo.card'],
        run: async (input) => ({ kind: 'message', text: `verb:${input.verb}:${String(input.value.n)}:${input.user.role}` }),
      },
      {
        verbs: ['echo.fail'],
        run: async () => {
          throw new AppError('FORBIDDEN');
        },
      },
      {
        verbs: ['echo.crash'],
        run: async () => {
          throw new Error('secret internals 131052-9088');
        },
      },
    ],
    fallback: async (input) => {
      seen.push(input.text);
      return [{ kind: 'text', text: `answer:${input.text}` }];
    },
  };

  function makeAdapter(sendPrivately?: (user: UserContext, reply: Reply) => Promise<boolean>) {
    const conversations = createConversationsRepository(store);
    const router = new BotRouter({
      ...(sendPrivately ? { sendPrivately } : {}),
      features: [echoFeature],
      help: createHelpFeature({ tabUrl: 'http://localhost/tab/' }),
      resolveUser: createUserResolver(createUsersRepository(store)),
      installations: createInstallationTracker(conversations, silent),
      logger: silent,
    });
    return { adapter: new TestAdapter((context) => router.run(context)), conversations };
  }

  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
    seen.length = 0;
  });
  afterEach(() => store.close());

  it('answers "apua", "hjälp" and "help" with the help card in the user\'s language', async () => {
    const { adapter } = makeAdapter();
    const texts: Record<string, string> = {};
    for (const [command, locale] of [
      ['apua', 'fi-FI'],
      ['hjälp', 'sv-FI'],
      ['help', 'en-US'],
    ] as const) {
      await adapter.send(message(command, { locale })).assertReply((reply) => {
        const card = cardOf(reply);
        texts[locale] = JSON.stringify(card);
        assert.equal(card.version, '1.5');
      });
    }
    assert.match(texts['fi-FI']!, /Näin voin auttaa/);
    assert.match(texts['sv-FI']!, /Så här kan jag hjälpa/);
    assert.match(texts['en-US']!, /How I can help/);
  });

  it('shows only the buttons the role may use: a Participant has no test look-up', async () => {
    const { adapter } = makeAdapter();
    await adapter.send(message('help', { locale: 'en-US' })).assertReply((reply) => {
      assert.doesNotMatch(JSON.stringify(cardOf(reply)), /Test look-up/);
    });
    await createUsersRepository(store).upsert({
      tenantId: TENANT,
      objectId: 'oid-1',
      displayName: 'V',
      role: 'Vendor',
      institutionId: null,
      locale: null,
    });
    await adapter.send(message('help', { locale: 'en-US' })).assertReply((reply) => {
      assert.match(JSON.stringify(cardOf(reply)), /Test look-up/);
    });
  });

  it('an empty message or only a mention gets the help card', async () => {
    const { adapter } = makeAdapter();
    await adapter
      .send(message('<at>Bot</at>', { entities: [{ type: 'mention', mentioned: { id: '28:bot', name: 'Bot' }, text: '<at>Bot</at>' }] }))
      .assertReply((reply) => assert.match(JSON.stringify(cardOf(reply)), /Näin voin auttaa/));
  });

  it('routes commands (longest name first) and free text to the fallback with the mention stripped', async () => {
    const { adapter } = makeAdapter();
    await adapter.send(message('Test lookup now')).assertReply('cmd:Test lookup now');
    await adapter.send(message('testing')).assertReply('answer:testing');
    await adapter
      .send(
        message('<at>Bot</at> miten saan testitunnukset?', {
          conversation: {
            id: '19:chan@thread.tacv2;messageid=111',
            conversationType: 'channel',
            tenantId: TENANT,
            isGroup: true,
            name: '',
          },
          entities: [{ type: 'mention', mentioned: { id: '28:bot', name: 'Bot' }, text: '<at>Bot</at>' }],
        }),
      )
      .assertReply((reply) => {
        assert.equal(reply.text, 'answer:miten saan testitunnukset?');
        assert.equal(reply.conversation?.id, '19:chan@thread.tacv2;messageid=111', 'reply stays in the thread');
      });
  });

  it('cuts 5,000-character pastes before features see them', async () => {
    const { adapter } = makeAdapter();
    await adapter.send(message('x'.repeat(20000))).assertReply((reply) => assert.equal(reply.text?.length, 'answer:'.length + 5000));
  });

  it('routes Action.Execute invokes by verb with the resolved role, and maps errors to localized text', async () => {
    const { adapter } = makeAdapter();
    const invoke = (verb: string, data: Record<string, unknown>) =>
      message('', { type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } });
    await adapter.send(invoke('echo.card', { n: 7 })).assertReply((reply) => {
      const value = (reply.value as { body: { type: string; value: string } }).body;
      assert.equal(value.value, 'verb:echo.card:7:Participant');
    });
    await adapter.send(invoke('echo.fail', {})).assertReply((reply) => {
      const body = (reply.value as { body: { value: string } }).body;
      assert.equal(body.value, 'Sinulla ei ole oikeutta tähän toimintoon.');
    });
    await adapter.send(invoke('echo.crash', {})).assertReply((reply) => {
      const body = (reply.value as { body: { value: string } }).body;
      assert.doesNotMatch(body.value, /secret|131052/);
      assert.match(body.value, /Pahoittelut/);
    });
  });

  it('handles Action.Submit (message with value.verb) with the same handlers', async () => {
    const { adapter } = makeAdapter();
    await adapter.send(message('', { value: { verb: 'echo.card', n: 3 } })).assertReply('verb:echo.card:3:Participant');
  });

  it('never posts an Action.Submit result into a channel: it goes to the personal chat', async () => {
    const privately: string[] = [];
    const conversations = createConversationsRepository(store);
    const router = new BotRouter({
      features: [echoFeature],
      help: createHelpFeature({}),
      resolveUser: createUserResolver(createUsersRepository(store)),
      installations: createInstallationTracker(conversations, silent),
      logger: silent,
      sendPrivately: async (_user, reply) => {
        privately.push(reply.kind === 'text' ? reply.text : 'card');
        return true;
      },
    });
    const adapter = new TestAdapter((context) => router.run(context));
    const channel = { id: '19:chan@thread.tacv2;messageid=5', conversationType: 'channel', tenantId: TENANT, isGroup: true, name: '' };
    await adapter.send(message('', { conversation: channel, value: { verb: 'echo.card', n: 9 } })).assertReply((reply) => {
      assert.doesNotMatch(reply.text ?? '', /verb:echo.card/);
      assert.match(reply.text ?? '', /henkilökohtaiseen keskusteluun/);
    });
    assert.deepEqual(privately, ['verb:echo.card:9:Participant']);
  });

  it('the help card buttons run commands as if typed', async () => {
    const { adapter } = makeAdapter();
    const invoke = message('', {
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'help.run', data: { command: 'test' } } },
    });
    await adapter.send(invoke).assertReply((reply) => {
      const body = (reply.value as { body: { value: string } }).body;
      assert.equal(body.value, 'cmd:test');
    });
  });

  it('"Kysy ohjeista" keeps the help card and prompts for the question in a message, not a toast (issue 15 item 11)', async () => {
    const { adapter } = makeAdapter();
    const invoke = message('', {
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'help.ask', data: { lang: 'fi' } } },
    });
    await adapter
      .send(invoke)
      .assertReply((reply) => assert.match(reply.text ?? '', /^Kirjoita kysymyksesi viestinä.*Miten saan testitunnukset\?/))
      .assertReply((reply) => {
        const body = (reply.value as { body: { type: string; value: unknown } }).body;
        assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
        assert.match(JSON.stringify(body.value), /Näin voin auttaa/);
      });
  });

  it('records an installation and welcomes; an uninstall deactivates it', async () => {
    const { adapter, conversations } = makeAdapter();
    const install = message('', {
      type: ActivityTypes.InstallationUpdate,
      action: 'add',
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: TENANT, isGroup: true, name: '' },
      channelData: { team: { id: '19:general@thread.tacv2', name: 'Oppijanumero' }, tenant: { id: TENANT } },
    });
    await adapter.send(install).assertReply((reply) => assert.match(JSON.stringify(cardOf(reply)), /Tervetuloa/));
    const stored = await conversations.get('19:general@thread.tacv2');
    assert.equal(stored?.kind, 'channel');
    assert.equal(stored?.teamName, 'Oppijanumero');
    assert.equal(stored?.channelName, 'General');
    assert.equal(stored?.active, true);
    await adapter.send({ ...install, action: 'remove' });
    assert.equal((await conversations.get('19:general@thread.tacv2'))?.active, false);
  });

  it('a channel welcome lists only what every member may do; an admin installer gets their own help privately (issue 15 item 13)', async () => {
    await createUsersRepository(store).upsert({
      tenantId: TENANT,
      objectId: 'oid-1',
      displayName: 'OPH',
      role: 'ServiceOwnerAdmin',
      institutionId: null,
      locale: null,
    });
    const privately: Array<{ user: UserContext; reply: Reply }> = [];
    const { adapter } = makeAdapter(async (user, reply) => {
      privately.push({ user, reply });
      return true;
    });
    const install = message('', {
      type: ActivityTypes.InstallationUpdate,
      action: 'add',
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: TENANT, isGroup: true, name: '' },
      channelData: { team: { id: '19:general@thread.tacv2', name: 'Oppijanumero' }, tenant: { id: TENANT } },
    });
    await adapter.send(install).assertReply((reply) => {
      const json = JSON.stringify(cardOf(reply));
      assert.match(json, /Tervetuloa/);
      assert.match(json, /Anna palautetta/);
      assert.doesNotMatch(json, /Testihaku|testihaku/, 'the test look-up is not for every member');
      assert.doesNotMatch(json, /Ylläpito/, 'admin commands are not for every member');
    });
    assert.equal(privately.length, 1, 'the admin installer gets their own help privately');
    assert.equal(privately[0]!.user.objectId, 'oid-1');
    const own = privately[0]!.reply;
    assert.ok(own.kind === 'card');
    assert.match(JSON.stringify(own.card), /Ylläpito: tiedote, aukot/);
    assert.match(JSON.stringify(own.card), /"command":"testihaku"/);
  });

  it('a member who is no admin installing in a channel gets only the channel welcome, nothing privately', async () => {
    const privately: Reply[] = [];
    const { adapter } = makeAdapter(async (_user, reply) => {
      privately.push(reply);
      return true;
    });
    await adapter
      .send(
        message('', {
          type: ActivityTypes.InstallationUpdate,
          action: 'add',
          conversation: { id: '19:other@thread.tacv2', conversationType: 'channel', tenantId: TENANT, isGroup: true, name: '' },
          channelData: { team: { id: '19:other@thread.tacv2', name: 'Muu' }, tenant: { id: TENANT } },
        }),
      )
      .assertReply((reply) => assert.match(JSON.stringify(cardOf(reply)), /Tervetuloa/));
    assert.deepEqual(privately, []);
  });

  it("a personal install still welcomes with the installer's own capabilities", async () => {
    await createUsersRepository(store).upsert({
      tenantId: TENANT,
      objectId: 'oid-1',
      displayName: 'OPH',
      role: 'ServiceOwnerAdmin',
      institutionId: null,
      locale: null,
    });
    const { adapter } = makeAdapter();
    await adapter
      .send(message('', { type: ActivityTypes.InstallationUpdate, action: 'add' }))
      .assertReply((reply) => assert.match(JSON.stringify(cardOf(reply)), /Ylläpito: tiedote, aukot/));
  });

  it('remembers a personal chat so features can reach the user later', async () => {
    const { adapter, conversations } = makeAdapter();
    await adapter.send(message('hello there')).assertReply('answer:hello there');
    const found = await conversations.findUserConversation(TENANT, 'oid-1');
    assert.equal(found?.conversationId, 'a:personal');
  });

  it('refuses an activity without a tenant or object id', async () => {
    const { adapter } = makeAdapter();
    await adapter
      .send(message('hei', { from: { id: '29:x', name: 'x' } }))
      .assertReply((reply) => assert.match(reply.text ?? '', /Kirjautuminen/));
    assert.deepEqual(seen, []);
  });
});

/**
 * Verifies the Agents Playground harness (test/helpers/playground.ts) end to end against the tiny echo
 * bot: real Playground CLI, real Chromium page, real CloudAdapter bot, all on loopback.
 * Skips loudly when /usr/bin/chromium is missing, except under CI=true where that is a failure.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ECHO_FAIL_TEXT, ECHO_FAIL_VERB, ECHO_GREETING, ECHO_VERB, startEchoBot, type EchoBot } from '../helpers/echo-bot.js';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  freePort,
  openClient,
  readPlaygroundConfig,
  startPlayground,
  type BotActivity,
  type Playground,
  type PlaygroundClient,
  type PlaygroundConversations,
} from '../helpers/playground.js';

const DEFAULT_USER_OBJECT_ID = '00000000-0000-0000-0000-0000000000020';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

describe('e2e: Agents Playground harness against the echo bot', function () {
  this.timeout(60_000);

  let bot: EchoBot | undefined;
  let playground: Playground | undefined;
  let client: PlaygroundClient | undefined;
  let conv: PlaygroundConversations;
  let artifacts: string | undefined;
  const figures: Record<string, number | string> = {};

  before(async function () {
    if (!chromiumAvailable()) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM_PATH} is missing and CI=true: e2e tests cannot be skipped`);
      console.warn(`\n!!! ${CHROMIUM_PATH} is missing: SKIPPING the Agents Playground e2e tests (apt-get install -y chromium)\n`);
      this.skip();
    }
    this.timeout(180_000);
    bot = await startEchoBot();
    const port = await freePort();
    assert.notEqual(port, 56150);
    playground = await startPlayground({ botEndpoint: bot.endpoint, port });
    figures.playgroundStartupMs = playground.startupMs;
    const opened = Date.now();
    client = await openClient(playground.url);
    figures.chromiumAndPageMs = Date.now() - opened;
    conv = await client.conversations();
    artifacts = await mkdtemp(path.join(tmpdir(), 'harness-e2e-'));
  });

  after(async function () {
    this.timeout(30_000);
    await client?.close();
    await playground?.stop();
    await bot?.close();
    if (artifacts) await rm(artifacts, { recursive: true, force: true });
    if (Object.keys(figures).length) console.warn(`      harness figures: ${JSON.stringify(figures)}`);
  });

  const c = () => {
    assert.ok(client, 'client not started');
    return client;
  };
  const b = () => {
    assert.ok(bot, 'bot not started');
    return bot;
  };

  it('lists the mock conversations and users from the Playground config', () => {
    assert.match(conv.personal, /^[0-9a-f-]{36}$/);
    assert.match(conv.group, /^[0-9a-f-]{36}$/);
    assert.equal(conv.general, conv.team.id);
    assert.ok(conv.channels.some((ch) => ch.id === conv.general && ch.name === 'General'));
    assert.equal(conv.me.aadObjectId, DEFAULT_USER_OBJECT_ID);
    assert.equal(conv.users.length, 5);
    assert.ok(conv.bot.id && conv.bot.name);
  });

  it('install in personal chat produces the greeting (and the page did not install behind our back)', async () => {
    assert.equal(b().received.filter((a) => a.type === 'installationUpdate').length, 0);
    const { seq } = await c().install('personal');
    const greeting = await c().waitForActivity((a) => a.conversationId === conv.personal && a.text === ECHO_GREETING, {
      since: seq,
      description: 'greeting',
    });
    assert.equal(greeting.fromId, conv.bot.id);
    const installs = b().received.filter((a) => a.type === 'installationUpdate');
    assert.equal(installs.length, 1);
    assert.equal(installs[0]?.action, 'add');
    assert.equal(installs[0]?.conversation?.id, conv.personal);
    assert.equal(installs[0]?.from?.aadObjectId, DEFAULT_USER_OBJECT_ID);
  });

  it('fireEvent sends the Playground mock events (install in the group chat)', async () => {
    const { seq } = await c().fireEvent('group', 'install');
    const greeting = await c().waitForActivity((a) => a.conversationId === conv.group && a.text === ECHO_GREETING, { since: seq });
    assert.equal(greeting.fromId, conv.bot.id);
    const install = b()
      .received.filter((a) => a.type === 'installationUpdate')
      .at(-1);
    assert.equal(install?.conversation?.conversationType, 'groupChat');
  });

  let personalCard: BotActivity | undefined;

  it('a personal message gets an echo, followed by the card (measures the round trip)', async () => {
    const roundTrips: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const text = `hello harness ${i}`;
      const started = Date.now();
      const sent = await c().sendText('personal', text);
      const echo = await c().waitForReply(sent, (a) => a.text === `Echo: ${text}`);
      roundTrips.push(Date.now() - started);
      assert.equal(echo.conversationId, conv.personal);
      personalCard = await c().waitForReply(sent, (a) => a.cards.length === 1);
      assert.equal(personalCard.cards[0]?.body?.[0]?.text, `You said: ${text}`);
    }
    figures.personalRoundTripMedianMs = median(roundTrips);
    figures.personalRoundTripMaxMs = Math.max(...roundTrips);
    const incoming = b().received.filter((a) => a.type === 'message' && a.text === 'hello harness 1');
    assert.equal(incoming.length, 1);
    assert.equal(incoming[0]?.from?.aadObjectId, DEFAULT_USER_OBJECT_ID);
    assert.equal(incoming[0]?.conversation?.conversationType, 'personal');
  });

  it('an @mention in General is answered in the same thread', async () => {
    const started = Date.now();
    const sent = await c().sendText('general', 'thread please', { mentionBot: true });
    assert.ok(sent.postConversationId, 'a channel post starts a thread');
    assert.equal(sent.postConversationId, `${conv.general};messageid=${sent.messageId}`);
    const reply = await c().waitForReply(sent, (a) => a.text === 'Echo: thread please');
    figures.channelRoundTripMs = Date.now() - started;
    assert.equal(reply.conversationId, sent.postConversationId);
    assert.equal(reply.isThreadRoot, false);

    // What the bot saw: the mention markup in the text, a mention entity for itself, the thread as conversation.
    const incoming = b().received.find((a) => a.type === 'message' && a.conversation?.id === sent.postConversationId);
    assert.ok(incoming, 'bot received the channel post');
    assert.equal(incoming.text, `<at>${conv.bot.name}</at> thread please`);
    assert.equal(incoming.conversation?.conversationType, 'channel');
    assert.ok(
      incoming.entities?.some((e) => e.type === 'mention' && e.mentioned?.id === conv.bot.id && e.text === `<at>${conv.bot.name}</at>`),
    );
    assert.equal(incoming.channelData?.channel?.id, conv.general);

    // The bot's outgoing reply (from the Playground log panel) points at the incoming activity.
    const outgoing = await c().waitForLog((l) => l.direction === 'fromBot' && l.activity?.text === 'Echo: thread please');
    assert.equal(outgoing.activity.conversation?.id, sent.postConversationId);
    assert.equal(outgoing.activity.replyToId, incoming.id);
    assert.ok(outgoing.statusCode !== undefined && outgoing.statusCode < 300, `connector answered ${outgoing.statusCode}`);
  });

  it('a channel message from another mock user reaches the bot as that user, reply in the thread', async () => {
    const megan = conv.users.find((u) => u.name === 'Megan Bowen');
    assert.ok(megan);
    const sent = await c().sendText('general', 'from megan', { as: megan.id });
    const reply = await c().waitForReply(sent, (a) => a.text === 'Echo: from megan');
    assert.equal(reply.conversationId, sent.postConversationId);
    const incoming = b().received.find((a) => a.type === 'message' && a.conversation?.id === sent.postConversationId);
    assert.equal(incoming?.from?.aadObjectId, megan.aadObjectId);
    assert.equal(incoming?.text, `<at>${conv.bot.name}</at> from megan`);
  });

  it('Action.Execute on the echo card returns the updated card', async () => {
    assert.ok(personalCard, 'needs the card from the personal echo test');
    const started = Date.now();
    const result = await c().invokeAction(personalCard, ECHO_VERB, { text: 'hello harness 5' });
    figures.invokeMs = Date.now() - started;
    assert.equal(result.status, 200);
    assert.equal(result.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(result.value?.body?.[0]?.text, 'Updated: echo.update {"text":"hello harness 5"}');
    const invoke = b().received.find((a) => a.type === 'invoke' && a.name === 'adaptiveCard/action');
    assert.equal(invoke?.value?.action?.type, 'Action.Execute');
    assert.equal(invoke?.value?.action?.verb, ECHO_VERB);
  });

  it('pressButton finds Execute and Submit buttons in a card and acts like the client (group chat, another user)', async () => {
    const adele = conv.users.find((u) => u.name === 'Adele Vance');
    assert.ok(adele);
    const sent = await c().sendText('group', 'buttons');
    const card = await c().waitForReply(sent, (a) => a.cards.length === 1);
    assert.equal(card.conversationId, conv.group);
    const pressed = await c().pressButton(card, 'Update', { as: 'Adele Vance' });
    assert.equal(pressed.kind, 'execute');
    assert.equal(pressed.kind === 'execute' && pressed.result.value?.body?.[0]?.text, 'Updated: echo.update {"text":"buttons"}');
    const invoke = b()
      .received.filter((a) => a.type === 'invoke')
      .at(-1);
    assert.equal(invoke?.from?.aadObjectId, adele.aadObjectId);
    assert.equal(invoke?.conversation?.conversationType, 'groupChat');

    const submitted = await c().pressButton(card, 'Submit', { inputs: { comment: 'ok' } });
    assert.equal(submitted.kind, 'submit');
    const answer = await c().waitForActivity((a) => a.text?.startsWith('Submitted:') === true, {
      since: submitted.kind === 'submit' ? submitted.seq : 0,
    });
    assert.equal(answer.conversationId, conv.group);
    assert.deepEqual(JSON.parse(answer.text?.slice('Submitted: '.length) ?? 'null'), {
      kind: 'echo.submit',
      text: 'buttons',
      comment: 'ok',
    });
    await assert.rejects(c().pressButton(card, 'No such button'), /No button "No such button".*titles found: Update, Submit/s);
  });

  it('explains a refused action by a user who is not in the conversation', async () => {
    assert.ok(personalCard);
    await assert.rejects(c().invokeAction(personalCard, ECHO_VERB, {}, { as: 'Megan Bowen' }), /UserNotFound.*not a member/s);
  });

  it('drives the real UI: types a message, clicks the rendered card button, takes a screenshot', async () => {
    const started = Date.now();
    const sent = await c().ui.sendText('personal', 'typed in the UI');
    await c().waitForReply(sent, (a) => a.text === 'Echo: typed in the UI');
    await c().waitForReply(sent, (a) => a.cards.length === 1);
    figures.uiRoundTripMs = Date.now() - started;
    const clicked = await c().ui.clickButton('Update');
    assert.equal(clicked.route, 'invoke');
    assert.equal(clicked.status, 200);
    assert.equal(clicked.body?.value?.body?.[0]?.text, 'Updated: echo.update {"text":"typed in the UI"}');
    assert.ok(artifacts);
    const file = path.join(artifacts, 'personal.png');
    await c().screenshot(file);
    assert.ok((await stat(file)).size > 10_000);
  });

  it('times out with a message that lists what arrived', async () => {
    const error = await c()
      .waitForActivity(() => false, { timeoutMs: 200, description: 'never' })
      .then(
        () => null,
        (e: Error) => e,
      );
    assert.ok(error);
    assert.match(error.message, /Timed out after 200 ms waiting for a bot activity \(never\)/);
    assert.match(error.message, /Echo: hello harness 1/);
    assert.match(error.message, /Recent Playground log/);
  });

  it('reports refusals and bot failures clearly instead of hanging', async () => {
    assert.ok(personalCard);
    // A message id the Playground does not know: the invoke is refused with its own error text.
    const bogus: BotActivity = { ...personalCard, id: 'no-such-message' };
    await assert.rejects(c().invokeAction(bogus, ECHO_VERB, {}), /invoke answered 400: .*ActivityNotFoundInConversation/s);
    // The bot answers 500 to an invoke: the Playground turns that into 502.
    await assert.rejects(c().invokeAction(personalCard, ECHO_FAIL_VERB, {}), /invoke answered 502/);
    // The bot answers 500 to a message: no reply ever comes, and the timeout error shows the 500.
    const sent = await c().sendText('personal', ECHO_FAIL_TEXT);
    await assert.rejects(c().waitForReply(sent, undefined, 1500), /Playground -> bot: message 500 "please fail"/);
  });
});

describe('e2e: Agents Playground process handling (no browser)', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'harness-config-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const users = ['Aino', 'Bertil', 'Cecilia', 'Daniel', 'Eeva']
    .map(
      (name, i) => `  - id: test-user-${i + 1}
    name: ${name} Testinen
    userPrincipleName: ${name.toLowerCase()}@example.com
    aadObjectId: 00000000-0000-0000-0000-00000000010${i + 1}
    givenName: ${name}
    surname: Testinen
    email: ${name.toLowerCase()}@example.com`,
    )
    .join('\n');
  const configYaml = (userList: string) => `version: "0.1.1"
tenantId: 00000000-0000-0000-0000-0000000000aa
bot:
  id: 00000000-0000-0000-0000-0000000000bb
  name: Harness Bot
currentUser:
  id: test-user-0
  name: Oona Testinen
  userPrincipleName: oona@example.com
  aadObjectId: 00000000-0000-0000-0000-000000000100
  givenName: Oona
  surname: Testinen
  email: oona@example.com
users:
${userList}
personalChat:
  id: personal-chat-id
groupChat:
  id: group-chat-id
  name: Harness Group
team:
  id: harness-team-id
  name: Harness Team
  aadGroupId: 00000000-0000-0000-0000-0000000000cc
  channels:
    - id: harness-other-channel
      name: Other
`;

  it('uses a .m365agentsplayground.yml given as configPath (fixed ids, another current user)', async () => {
    const configPath = path.join(dir, 'good.yml');
    await writeFile(configPath, configYaml(users));
    const playground = await startPlayground({ botEndpoint: 'http://127.0.0.1:9/api/messages', configPath });
    try {
      const conv = await readPlaygroundConfig(playground.url);
      assert.equal(conv.personal, 'personal-chat-id');
      assert.equal(conv.group, 'group-chat-id');
      assert.equal(conv.general, 'harness-team-id');
      assert.equal(conv.me.name, 'Oona Testinen');
      assert.equal(conv.bot.name, 'Harness Bot');
      assert.equal(conv.users.length, 5);
    } finally {
      await playground.stop();
    }
  });

  it('fails fast with the CLI output when the Playground cannot start', async () => {
    const configPath = path.join(dir, 'bad.yml');
    await writeFile(
      configPath,
      configYaml(
        users
          .split('\n')
          .slice(0, 7 * 4)
          .join('\n'),
      ),
    ); // four users: invalid
    const started = Date.now();
    await assert.rejects(
      startPlayground({ botEndpoint: 'http://127.0.0.1:9/api/messages', configPath, timeoutMs: 30_000 }),
      (error: Error) => {
        assert.match(error.message, /exited before answering/);
        assert.match(error.message, /Failed to start Microsoft 365 Agents Playground/);
        assert.match(error.message, /users/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 30_000);
  });
});

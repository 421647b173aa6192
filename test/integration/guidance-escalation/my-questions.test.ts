/**
 * Issue 15 item 6: askers can follow their questions. "KY-2026-0001" and "omat kysymykseni" used to
 * get "I don't know"; the ticket-created card now says what happens next and roughly when.
 */
import assert from 'node:assert/strict';
import { TestAdapter, ActivityTypes, type Activity } from 'botbuilder';
import { openStore, type Store } from '../../../bot/store/db.js';
import { FakeMessenger, makeTurn, makeUser } from '../../helpers/fakes.js';
import { createGuidanceRepository, type GuidanceRepository } from '../../../bot/store/guidance-repository.js';
import { createEscalationFeature, type EscalationFeature } from '../../../bot/features/guidance/escalation/index.js';
import {
  VERB_ASK_OPH,
  VERB_TICKET_ANSWER,
  VERB_TICKET_ASSIGN,
  VERB_TICKET_CLOSE,
  VERB_TICKET_CREATE,
} from '../../../bot/features/guidance/escalation/verbs.js';
import type { Feature, TurnInput } from '../../../bot/features/types.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { createLogger } from '../../../bot/log.js';
import { actionByVerb, cardOf, cardText, inputById, press, run } from './helpers.js';

const EXPERT_CHANNEL = '19:experts@thread.tacv2';

describe('askers follow their questions (issue 15 item 6)', () => {
  let store: Store;
  let repo: GuidanceRepository;
  let messenger: FakeMessenger;
  let feature: EscalationFeature;
  let channel: string | null;
  const asker = makeUser('Vendor', { objectId: 'asker-1', displayName: 'Kysyjä' });
  const other = makeUser('Vendor', { objectId: 'other-1' });
  const expert = makeUser('ServiceOwnerAdmin', { objectId: 'expert-1', displayName: 'Asiantuntija' });
  const turn = (user: UserContext, extra: Partial<TurnInput> = {}) => makeTurn({ user, lang: 'fi', ...extra });

  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
    repo = createGuidanceRepository(store);
    messenger = new FakeMessenger();
    channel = EXPERT_CHANNEL;
    feature = createEscalationFeature({ repository: repo, messenger, expertChannel: async () => channel, expertLang: 'fi' });
  });
  afterEach(() => store.close());

  async function ask(question: string, user = asker) {
    const confirm = cardOf(await run(feature, turn(user), VERB_ASK_OPH, { question }));
    return cardOf(
      await press(feature, turn(user), actionByVerb(confirm, VERB_TICKET_CREATE), {
        question: String(inputById(confirm, 'question')?.value),
      }),
    );
  }
  const command = async (text: string, user = asker) => {
    const handler = feature.commands?.find((c) => c.names.includes(text.toLowerCase()) || c.pattern?.test(text));
    assert.ok(handler, `no command for ${text}`);
    return handler.run(turn(user, { text }));
  };

  it('the ticket-created card says what happens next, roughly when, and how to follow it', async () => {
    const created = cardText(await ask('Miten Virta-oppijanumerot päivittyvät?'));
    assert.match(created, /Mitä seuraavaksi: OPH:n asiantuntija ottaa kysymyksen käsittelyyn/);
    assert.match(created, /arkipäivisin/);
    assert.match(created, /omat kysymykseni/);
  });

  it('with no expert channel the asker is told honestly that the question was only stored (item 14)', async () => {
    channel = null;
    const created = cardText(await ask('Miten Virta-oppijanumerot päivittyvät?'));
    assert.match(created, /ei ole vielä välitetty OPH:n asiantuntijoille/);
    assert.doesNotMatch(created, /Mitä seuraavaksi/);
  });

  it('"omat kysymykseni" lists the asker\'s tickets, newest first, with state and answer; nobody else\'s', async () => {
    const empty = cardText(cardOf((await command('omat kysymykseni'))[0]));
    assert.match(empty, /Et ole vielä lähettänyt kysymyksiä/);

    await ask('Ensimmäinen kysymys');
    await ask('Toinen kysymys');
    await ask('Jonkun muun kysymys', other);
    // The expert answers the first one.
    const first = messenger.sent.find((s) => s.op === 'send' && s.conversationId === EXPERT_CHANNEL)!;
    const assigned = cardOf(await press(feature, turn(expert), actionByVerb(cardOf(first.reply), VERB_TICKET_ASSIGN)));
    await press(feature, turn(expert), actionByVerb(assigned, VERB_TICKET_ANSWER), { answer: 'Näin se toimii.' });

    const list = cardText(cardOf((await command('omat kysymykseni'))[0]));
    assert.match(list, /Omat kysymyksesi OPH:lle/);
    assert.ok(list.indexOf('KY-2026-0002') < list.indexOf('KY-2026-0001'), 'newest first');
    assert.match(list, /Vastattu/);
    assert.match(list, /Vastaus: Näin se toimii\./);
    assert.match(list, /Avoin/);
    assert.match(list, /Odottaa asiantuntijaa/);
    assert.doesNotMatch(list, /Jonkun muun/);
  });

  it('a typed reference shows that ticket to its asker (and to OPH), and nobody else', async () => {
    await ask('Ensimmäinen kysymys');
    const own = cardText(cardOf((await command('Mikä on KY-2026-0001 tilanne?'))[0]));
    assert.match(own, /Kysymys KY-2026-0001/);
    assert.match(own, /Ensimmäinen kysymys/);
    assert.match(cardText(cardOf((await command('ky-2026-0001', expert))[0])), /Ensimmäinen kysymys/);
    const refused = (await command('KY-2026-0001', other))[0];
    assert.deepEqual(refused, { kind: 'text', text: 'Kysymystä KY-2026-0001 ei löytynyt omista kysymyksistäsi.' });
    assert.deepEqual(
      (await command('KY-2026-0009'))[0],
      refused.kind === 'text' ? { kind: 'text', text: refused.text.replace('0001', '0009') } : null,
    );
  });

  it('a closed ticket shows the reason it was closed', async () => {
    await ask('Ensimmäinen kysymys');
    const card = messenger.sent.find((s) => s.op === 'send' && s.conversationId === EXPERT_CHANNEL)!;
    await press(feature, turn(expert), actionByVerb(cardOf(card.reply), VERB_TICKET_CLOSE), { reason: 'Ei koske palvelua.' });
    assert.match(cardText(cardOf((await command('my questions'))[0])), /Syy: Ei koske palvelua\./);
  });

  it('the router sends "omat kysymykseni" and a typed reference to the escalation feature, not to the guidance fallback', async () => {
    const fallback: Feature = { name: 'dunno', fallback: async () => [{ kind: 'text', text: "I don't know" }] };
    const router = new BotRouter({
      features: [fallback, feature],
      help: createHelpFeature({}),
      resolveUser: createUserResolver(createUsersRepository(store)),
      installations: createInstallationTracker(createConversationsRepository(store), createLogger({ level: 'silent' })),
      logger: createLogger({ level: 'silent' }),
    });
    const adapter = new TestAdapter((context) => router.run(context));
    const message = (text: string): Partial<Activity> => ({
      type: ActivityTypes.Message,
      channelId: 'msteams',
      text,
      locale: 'en-US',
      from: { id: '29:user', name: 'Kysyjä', aadObjectId: 'asker-1' },
      recipient: { id: '28:bot', name: 'Bot' },
      conversation: { id: 'a:personal', conversationType: 'personal', tenantId: asker.tenantId, isGroup: false, name: '' },
      serviceUrl: 'http://127.0.0.1:1/',
    });
    await adapter.send(message('omat kysymykseni')).assertReply((reply) => {
      assert.match(JSON.stringify(reply.attachments?.[0]?.content), /Et ole vielä lähettänyt kysymyksiä/);
    });
    await adapter.send(message('KY-2026-0001')).assertReply((reply) => assert.notEqual(reply.text, "I don't know"));
  });
});

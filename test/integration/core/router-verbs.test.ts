/**
 * Issue 14 item 10 (router): one owner per card action verb, checked at start-up; old verbs of a
 * feature reach the renamed handler; Action.Execute answers are typed responses (message, card, 400).
 */
import assert from 'node:assert/strict';
import { TestAdapter, ActivityTypes, type Activity } from 'botbuilder';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { buildVerbTable, DuplicateVerbError } from '../../../bot/teams/verb-table.js';
import { createHelpFeature, RUN_COMMAND_VERB } from '../../../bot/features/help/index.js';
import { createLogger } from '../../../bot/log.js';
import type { Feature } from '../../../bot/features/types.js';
import { CARD_CONTENT_TYPE } from '../../../bot/cards/card.js';
import { ACTIVITY_MESSAGE_TYPE } from '../../../bot/teams/invoke-response.js';

const silent = createLogger({ level: 'silent' });
const echo = (verb: string): Feature['actions'] => [
  { verbs: [verb], run: async (input) => ({ kind: 'message', text: `ran:${input.verb}` }) },
];

function invoke(verb: string, data: Record<string, unknown> = {}): Partial<Activity> {
  return {
    type: ActivityTypes.Invoke,
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    locale: 'fi-FI',
    from: { id: '29:user', name: 'Test User', aadObjectId: 'oid-1' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 'tenant-1', isGroup: false, name: '' },
    serviceUrl: 'http://127.0.0.1:1/',
    value: { action: { type: 'Action.Execute', verb, data } },
  };
}

describe('router verbs (issue 14 item 10)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
  });
  afterEach(() => store.close());

  function router(features: Feature[]): BotRouter {
    return new BotRouter({
      features,
      help: createHelpFeature({}),
      resolveUser: createUserResolver(createUsersRepository(store)),
      installations: createInstallationTracker(createConversationsRepository(store), silent),
      logger: silent,
    });
  }

  it('refuses to start when two features register the same verb, naming both', () => {
    assert.throws(
      () =>
        router([
          { name: 'alpha', actions: echo('shared.go') },
          { name: 'beta', actions: echo('shared.go') },
        ]),
      (error: unknown) =>
        error instanceof DuplicateVerbError &&
        /"shared\.go" is registered twice \(feature "alpha" and feature "beta"\)/.test(error.message),
    );
  });

  it('refuses a verb declared twice inside one feature, and a feature taking a verb of help or the router', () => {
    const twice: Feature = { name: 'alpha', actions: [...echo('alpha.go')!, ...echo('alpha.go')!] };
    assert.throws(() => router([twice]), DuplicateVerbError);
    assert.throws(
      () => router([{ name: 'alpha', actions: echo('help.ask') }]),
      /"help\.ask" is registered twice \(feature "help" and feature "alpha"\)/,
    );
    assert.throws(() => router([{ name: 'alpha', actions: echo(RUN_COMMAND_VERB) }]), /registered twice \(the router/);
  });

  it('counts old verbs in the duplicate check: an alias may not shadow another verb or alias', () => {
    const renamed: Feature = { name: 'alpha', actions: echo('alpha.send'), legacyVerbs: { 'beta.go': 'alpha.send' } };
    assert.throws(
      () => buildVerbTable([{ name: 'beta', actions: echo('beta.go') }, renamed]),
      /"beta\.go" is registered twice \(feature "beta" and feature "alpha" \(old name of "alpha\.send"\)\)/,
    );
    const other: Feature = { name: 'gamma', actions: echo('gamma.x'), legacyVerbs: { 'old.verb': 'gamma.x' } };
    const same: Feature = { name: 'alpha', actions: echo('alpha.send'), legacyVerbs: { 'old.verb': 'alpha.send' } };
    assert.throws(() => buildVerbTable([other, same]), DuplicateVerbError);
  });

  it('refuses an alias pointing to a verb its feature does not own', () => {
    assert.throws(
      () =>
        buildVerbTable([
          { name: 'beta', actions: echo('beta.go') },
          { name: 'alpha', actions: echo('alpha.send'), legacyVerbs: { 'alpha.old': 'beta.go' } },
        ]),
      /feature "alpha" maps the old verb "alpha\.old" to "beta\.go", which none of its handlers declares/,
    );
  });

  it('an old verb reaches the renamed handler, which sees the current verb', async () => {
    const adapter = new TestAdapter((context) =>
      router([{ name: 'alpha', actions: echo('alpha.send'), legacyVerbs: { 'tiedote.laheta': 'alpha.send' } }]).run(context),
    );
    await adapter.send(invoke('tiedote.laheta')).assertReply((reply) => {
      const body = reply.value as { status: number; body: { statusCode: number; type: string; value: unknown } };
      assert.equal(body.status, 200);
      assert.deepEqual(body.body, { statusCode: 200, type: ACTIVITY_MESSAGE_TYPE, value: 'ran:alpha.send' });
    });
  });

  it('answers Action.Execute with typed responses: a message, a card, or a fixed 400 for a malformed action', async () => {
    const cardFeature: Feature = {
      name: 'alpha',
      actions: [
        {
          verbs: ['alpha.card'],
          run: async () => ({
            kind: 'card',
            card: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body: [] },
          }),
        },
      ],
    };
    const adapter = new TestAdapter((context) => router([cardFeature]).run(context));
    await adapter.send(invoke('alpha.card')).assertReply((reply) => {
      const { status, body } = reply.value as { status: number; body: { statusCode: number; type: string; value: { type?: string } } };
      assert.equal(status, 200);
      assert.equal(body.type, CARD_CONTENT_TYPE);
      assert.equal(body.value.type, 'AdaptiveCard');
    });
    await adapter
      .send({ ...invoke('alpha.card'), value: { action: { type: 'Action.Submit', verb: 'alpha.card' } } })
      .assertReply((reply) => {
        assert.deepEqual(reply.value, {
          status: 400,
          body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'invalid action' } },
        });
      });
    await adapter
      .send({ ...invoke('alpha.card'), value: {} })
      .assertReply((reply) => assert.equal((reply.value as { status: number }).status, 400));
  });
});

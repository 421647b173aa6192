/**
 * A-REL-1 / A-REL-2: an invoke is answered within 3 s even when the dependency behind the action hangs;
 * the router's runAction gives up after INVOKE_WORK_DEADLINE_MS with a localized DEPENDENCY_TIMEOUT text.
 * Checked over HTTP through the production building blocks (inbound guard, CloudAdapter with real token
 * validation, router, restify server) with a feature whose action never finishes.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { TestAdapter, ActivityTypes, type Activity } from 'botbuilder';
import { loadConfig } from '../../../bot/config.js';
import { createLogger } from '../../../bot/log.js';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { createAdapter } from '../../../bot/teams/adapter.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { createServiceUrlPolicy } from '../../../bot/teams/service-url.js';
import { createInboundGuard } from '../../../bot/teams/inbound-auth.js';
import { createServer } from '../../../bot/server.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { errorMessage } from '../../../bot/i18n/core.js';
import type { Feature } from '../../../bot/features/types.js';
import { INVOKE_WORK_DEADLINE_MS, withDeadline } from '../../../bot/teams/time-budget.js';
import {
  primeOutboundToken,
  startFakeBotFrameworkAuth,
  startFakeConnector,
  type FakeBotFrameworkAuth,
  type FakeConnector,
} from '../../helpers/fake-bot-framework-auth.js';
import { APP_ID, HOME_TENANT, teamsMessage } from './harness.js';

const silent = createLogger({ level: 'silent' });

describe('withDeadline', () => {
  it('A-REL-1: resolves with the work when it finishes in time', async () => {
    assert.equal(await withDeadline(Promise.resolve(7), 1000, () => -1), 7);
  });
  it('A-REL-1: resolves with the fallback when the work hangs', async () => {
    const started = Date.now();
    assert.equal(await withDeadline(new Promise<number>(() => undefined), 50, () => -1), -1);
    assert.ok(Date.now() - started < 1000);
  });
  it('A-REL-1: a failure before the deadline propagates unchanged', async () => {
    await assert.rejects(
      withDeadline(Promise.reject(new Error('boom')), 1000, () => -1),
      /boom/,
    );
  });
  it('A-REL-1: a failure after the deadline is swallowed (no unhandled rejection)', async () => {
    let unhandled = 0;
    const onUnhandled = () => void (unhandled += 1);
    process.on('unhandledRejection', onUnhandled);
    try {
      const late = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('late')), 30));
      assert.equal(await withDeadline(late, 5, () => -1), -1);
      await new Promise((r) => setTimeout(r, 60));
      assert.equal(unhandled, 0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('A-REL-2: invokes are answered within 3 s when a dependency hangs', function () {
  this.timeout(20_000);
  let store: Store;
  let auth: FakeBotFrameworkAuth;
  let connector: FakeConnector;
  let server: Server;
  let url: string;
  const hang = new Promise<never>(() => undefined);
  const hangingFeature: Feature = {
    name: 'hanging',
    actions: [
      { verbs: ['lookup.hang'], run: () => hang },
      { verbs: ['lookup.fast'], run: async () => ({ kind: 'message', text: 'fast answer' }) },
    ],
    commands: [{ names: ['hang'], run: () => hang }],
  };

  function router() {
    return new BotRouter({
      features: [hangingFeature],
      help: createHelpFeature({ tabUrl: 'http://localhost/tab/' }),
      resolveUser: createUserResolver(createUsersRepository(store)),
      installations: createInstallationTracker(createConversationsRepository(store), silent),
      logger: silent,
    });
  }

  before(async () => {
    store = await openStore({ dataDir: ':memory:' });
    connector = await startFakeConnector();
    auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: connector.serviceUrl });
    primeOutboundToken(APP_ID);
    const config = loadConfig({
      LOCAL_MODE: 'true',
      NODE_ENV: 'test',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
      MICROSOFT_APP_TENANT_ID: HOME_TENANT,
      MICROSOFT_APP_TYPE: 'SingleTenant',
      ALLOWED_SERVICE_URL_HOSTS: '127.0.0.1',
      BOT_OPENID_METADATA_URL: auth.metadataUrl,
      TAB_CLIENT_ID: '33333333-3333-4333-8333-333333333333',
      ONR_BASE_URL: 'http://127.0.0.1:9',
      ONR_USERNAME: 'test-service-user',
      ONR_PASSWORD: 'not-a-real-password',
      PUBLIC_BASE_URL: 'https://bot.example.fi',
    });
    const isAllowedServiceUrl = createServiceUrlPolicy({ mode: config.mode, extraHosts: config.ALLOWED_SERVICE_URL_HOSTS });
    server = createServer({
      mode: 'production',
      adapter: createAdapter(config, silent),
      router: router(),
      logger: silent,
      authenticateTab: () => Promise.reject(new Error('no tab here')),
      resolveUser: createUserResolver(createUsersRepository(store)),
      tabRoutes: [],
      tabDirectory: 'dist/tab',
      tabHeaders: {},
      inboundGuard: createInboundGuard({ config, logger: silent, isAllowedServiceUrl }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await auth.close();
    await connector.close();
    await store.close();
  });

  async function invoke(verb: string, locale = 'fi-FI') {
    const activity = teamsMessage(connector.serviceUrl, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      locale,
      value: { action: { type: 'Action.Execute', verb, data: {} } },
    });
    const started = Date.now();
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await auth.signActivityToken()}` },
      body: JSON.stringify(activity),
    });
    return {
      status: response.status,
      body: (await response.json()) as { statusCode: number; type: string; value: string },
      ms: Date.now() - started,
    };
  }

  it('A-REL-2: a fast action is not delayed by the budget (runs first: also warms keys and JIT)', async () => {
    const result = await invoke('lookup.fast');
    assert.equal(result.body.value, 'fast answer');
    assert.ok(result.ms < 1000, `answered after ${result.ms} ms`);
  });

  it('A-REL-2: Action.Execute whose dependency hangs → HTTP 200 in < 3 s with the localized DEPENDENCY_TIMEOUT text', async () => {
    const result = await invoke('lookup.hang');
    assert.equal(result.status, 200);
    assert.equal(result.body.statusCode, 200);
    assert.equal(result.body.value, errorMessage('DEPENDENCY_TIMEOUT', 'fi'));
    assert.ok(result.ms >= INVOKE_WORK_DEADLINE_MS - 50 && result.ms < 3000, `answered after ${result.ms} ms`);
  });

  it("A-REL-2: the timeout text follows the user's language (sv)", async () => {
    const result = await invoke('lookup.hang', 'sv-SE');
    assert.equal(result.body.value, errorMessage('DEPENDENCY_TIMEOUT', 'sv'));
  });

  it("A-REL-2: an unknown verb gets an explicit 200 answer, not the SDK's 501", async () => {
    const result = await invoke('no.such.verb');
    assert.equal(result.status, 200);
    assert.equal(result.body.value, errorMessage('NOT_FOUND', 'fi'));
  });

  it('A-REL-2: Action.Submit (message with value.verb) whose dependency hangs → timeout message within 3 s', async () => {
    const adapter = new TestAdapter((context) => router().run(context));
    const started = Date.now();
    const submit: Partial<Activity> = {
      ...(teamsMessage('http://127.0.0.1:1/', { text: '', value: { verb: 'lookup.hang' } }) as Partial<Activity>),
      type: ActivityTypes.Message,
    };
    await adapter.send(submit).assertReply((reply) => {
      assert.equal(reply.text, errorMessage('DEPENDENCY_TIMEOUT', 'fi'));
    });
    assert.ok(Date.now() - started < 3000);
  });
});

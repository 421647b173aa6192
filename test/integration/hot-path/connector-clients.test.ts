/**
 * Issue 16, round 3: botbuilder built a new ConnectorClient (credentials, an MSAL client, an Azure HTTP
 * pipeline) and a new user-token client for every turn. The app's adapter now keeps them per app id,
 * serviceUrl and audience — and what reaches the connector is byte for byte what the stock adapter sends.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import { ClaimsIdentity, ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import { ReusingBotFrameworkAuthentication } from '../../../bot/teams/connector-clients.js';
import { connectorHttpClient, createAdapter, fakeIssuerSettings } from '../../../bot/teams/adapter.js';
import { loadConfig } from '../../../bot/config.js';
import { createLogger } from '../../../bot/log.js';
import { primeOutboundToken, startFakeBotFrameworkAuth, type FakeBotFrameworkAuth } from '../../helpers/fake-bot-framework-auth.js';
import { APP_ID, HOME_TENANT, secureAppEnv, teamsMessage } from '../security/harness.js';

/** The settings bot/teams/adapter.ts gives botbuilder in production mode against the fake issuer. */
function settingsFor(metadataUrl: string) {
  return {
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: HOME_TENANT,
    ...fakeIssuerSettings(metadataUrl),
  };
}

function stockAuthentication(metadataUrl: string) {
  const settings = settingsFor(metadataUrl);
  const { dispatcher: _dispatcher, ...httpClient } = connectorHttpClient();
  return new ConfigurationBotFrameworkAuthentication(
    settings,
    new ConfigurationServiceClientCredentialFactory(settings),
    undefined,
    undefined,
    { httpClient } as never,
  );
}

interface RawRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A connector that keeps every request exactly as it arrived. */
async function startRawConnector(): Promise<{ serviceUrl: string; requests: RawRequest[]; close(): Promise<void> }> {
  const requests: RawRequest[] = [];
  let sequence = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${++sequence}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const response = () => {
  const res = { status: () => res, header: () => res, send: () => res, end: () => res };
  return res;
};

/** A card reply as the guidance feature sends one (non-ASCII text, nested actions, data). */
const cardReply = {
  type: 'message',
  summary: 'Tarkoititko jotakin näistä?',
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'Käyttöliittymä → Oppijan luonti "Hae henkilöä"', wrap: true }],
        actions: [
          {
            type: 'Action.Execute',
            title: 'Näytä koko ohje',
            verb: 'guidance.show',
            data: { verb: 'guidance.show', articleId: 'a-1', lang: 'fi' },
          },
        ],
      },
    },
  ],
  locale: 'fi-FI',
};

describe('issue 16: connector clients are built once per serviceUrl, not once per turn', function () {
  this.timeout(30_000);
  let auth: FakeBotFrameworkAuth;
  let connector: Awaited<ReturnType<typeof startRawConnector>>;

  beforeEach(async () => {
    connector = await startRawConnector();
    auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: connector.serviceUrl });
    primeOutboundToken(APP_ID);
  });
  afterEach(async () => {
    await auth.close();
    await connector.close();
  });

  it('turns on one serviceUrl share a connector client and a user-token client; the stock path makes new ones', async () => {
    const header = `Bearer ${await auth.signActivityToken()}`;
    const activity = teamsMessage(connector.serviceUrl) as never;
    const reusing = new ReusingBotFrameworkAuthentication(stockAuthentication(auth.metadataUrl));
    const first = await reusing.authenticateRequest(activity, header);
    const second = await reusing.authenticateRequest(activity, header);
    const clientOf = (result: typeof first) => result.connectorFactory!.create(connector.serviceUrl, result.audience);
    assert.equal(await clientOf(first), await clientOf(second));
    assert.equal(await reusing.createUserTokenClient(first.claimsIdentity), await reusing.createUserTokenClient(second.claimsIdentity));
    // Proactive sends (the outbox) ask for a factory from an identity the app makes: the same client.
    const proactive = reusing.createConnectorFactory(new ClaimsIdentity([{ type: 'aud', value: APP_ID }]));
    assert.equal(await proactive.create(connector.serviceUrl, first.audience), await clientOf(first));

    // What the wrapper saves: botbuilder's own objects are new on every turn.
    const stock = stockAuthentication(auth.metadataUrl);
    const a = await stock.authenticateRequest(activity, header);
    const b = await stock.authenticateRequest(activity, header);
    assert.notEqual(await clientOf(a), await clientOf(b));
    assert.notEqual(await stock.createUserTokenClient(a.claimsIdentity), await stock.createUserTokenClient(b.claimsIdentity));
  });

  it('another serviceUrl, audience or app id gets its own client', async () => {
    const reusing = new ReusingBotFrameworkAuthentication(stockAuthentication(auth.metadataUrl));
    const factory = reusing.createConnectorFactory(new ClaimsIdentity([{ type: 'aud', value: APP_ID }]));
    const base = await factory.create(connector.serviceUrl, 'https://api.botframework.com');
    assert.notEqual(await factory.create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com'), base);
    assert.notEqual(await factory.create(connector.serviceUrl, 'https://other.example'), base);
    assert.equal(await factory.create(connector.serviceUrl, 'https://api.botframework.com'), base);
    const other = reusing.createConnectorFactory(new ClaimsIdentity([{ type: 'aud', value: 'another-app' }]));
    await assert.rejects(other.create(connector.serviceUrl, 'https://api.botframework.com'), /Invalid appId/);
  });

  it('a failed creation is not remembered', async () => {
    let calls = 0;
    const client = {} as ConnectorClient;
    class FlakyFactory extends ConnectorFactory {
      async create(): Promise<ConnectorClient> {
        calls += 1;
        if (calls === 1) throw new Error('credentials unavailable');
        return client;
      }
    }
    const inner = stockAuthentication(auth.metadataUrl);
    inner.createConnectorFactory = () => new FlakyFactory();
    const factory = new ReusingBotFrameworkAuthentication(inner).createConnectorFactory(
      new ClaimsIdentity([{ type: 'aud', value: APP_ID }]),
    );
    await assert.rejects(factory.create(connector.serviceUrl), /credentials unavailable/);
    assert.equal(await factory.create(connector.serviceUrl), client);
    assert.equal(await factory.create(connector.serviceUrl), client);
    assert.equal(calls, 2);
  });

  it('the app adapter sends byte for byte what the stock adapter sends (text and card replies)', async () => {
    const config = loadConfig(secureAppEnv(auth.metadataUrl));
    const header = `Bearer ${await auth.signActivityToken()}`;
    const logic = async (context: TurnContext) => {
      await context.sendActivity(`Vastaus: ${context.activity.text ?? ''}`);
      await context.sendActivity(structuredClone(cardReply));
    };
    const run = async (adapter: CloudAdapter) => {
      const sent: RawRequest[] = [];
      for (let turn = 0; turn < 3; turn++) {
        const before = connector.requests.length;
        const activity = teamsMessage(connector.serviceUrl, {
          id: `act-${turn}`,
          conversation: { id: 'a:conv-1', conversationType: 'personal', tenantId: HOME_TENANT },
        });
        await adapter.process({ method: 'POST', body: activity, headers: { authorization: header } } as never, response() as never, logic);
        sent.push(...connector.requests.slice(before));
      }
      // A fresh id per request from the Azure pipeline; everything else must be the same.
      return sent.map(({ headers: { 'x-ms-client-request-id': requestId, ...headers }, ...rest }) => {
        assert.match(String(requestId), /^[0-9a-f-]{36}$/);
        return { ...rest, headers };
      });
    };
    const stock = new CloudAdapter(stockAuthentication(auth.metadataUrl));
    const app = createAdapter(config, createLogger({ level: 'silent' }));
    const expected = await run(stock);
    const actual = await run(app);
    assert.equal(actual.length, 6);
    assert.deepEqual(actual, expected);
  });
});

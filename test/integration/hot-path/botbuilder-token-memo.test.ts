/**
 * Issue 16, round 3: botbuilder's own check of the channel token (the second layer) skips the RSA
 * signature of a token it verified before with the same key — and nothing else: expiry, not-before,
 * issuer, audience, key rotation, endorsements and the serviceUrl binding are checked on every activity,
 * with the same outcome as jsonwebtoken's full verify.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import sinon from 'sinon';
import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { AuthenticationConfiguration } from 'botframework-connector';
import { rememberBotbuilderTokenChecks, rememberingVerify } from '../../../bot/teams/botbuilder-token-memo.js';
import { fakeIssuerSettings } from '../../../bot/teams/adapter.js';
import { startFakeBotFrameworkAuth, type FakeBotFrameworkAuth } from '../../helpers/fake-bot-framework-auth.js';
import { APP_ID, HOME_TENANT, teamsMessage } from '../security/harness.js';

const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const fromConnector = createRequire(createRequire(import.meta.url).resolve('botframework-connector'));
const jwt = fromConnector('jsonwebtoken') as Parameters<typeof rememberingVerify>[0];
type Verify = Parameters<typeof rememberingVerify>[1];
/** jsonwebtoken's verify itself, whether or not the app's wrapper is installed on the module. */
const fullVerify = fromConnector('jsonwebtoken/verify') as Verify;

function botbuilderAuthentication(metadataUrl: string) {
  const settings = {
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: HOME_TENANT,
    ...fakeIssuerSettings(metadataUrl),
  };

  return new ConfigurationBotFrameworkAuthentication(
    settings,
    new ConfigurationServiceClientCredentialFactory(settings),
    new AuthenticationConfiguration([]),
  );
}

/** The outcome of a call: the payload's claims, or the error's class and message. */
function outcome(call: () => unknown): string {
  try {
    const payload = call() as Record<string, unknown>;
    return `ok ${JSON.stringify(payload)}`;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('issue 16: botbuilder’s token check remembers verified signatures, every claim check still runs', function () {
  this.timeout(30_000);
  let auth: FakeBotFrameworkAuth;
  let signatureChecks: sinon.SinonSpy;

  before(() => rememberBotbuilderTokenChecks());
  beforeEach(async () => {
    auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: SERVICE_URL });
    signatureChecks = sinon.spy(crypto, 'createVerify');
  });
  afterEach(async () => {
    sinon.restore();
    await auth.close();
  });

  const activity = (overrides: Record<string, unknown> = {}) => teamsMessage(SERVICE_URL, overrides) as never;
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: Error) => error.message,
    );

  it('one token, many activities: botbuilder checks the RSA signature once', async () => {
    const botbuilder = botbuilderAuthentication(auth.metadataUrl);
    const header = `Bearer ${await auth.signActivityToken()}`;
    for (let i = 0; i < 5; i++) {
      const result = await botbuilder.authenticateRequest(activity(), header);
      assert.equal(result.claimsIdentity.getClaimValue('aud'), APP_ID);
      assert.equal(result.claimsIdentity.isAuthenticated, true);
    }
    assert.equal(signatureChecks.callCount, 1);
  });

  it('a remembered token is refused once it has expired, as botbuilder refuses any expired token', async () => {
    const botbuilder = botbuilderAuthentication(auth.metadataUrl);
    const header = `Bearer ${await auth.signActivityToken()}`;
    await botbuilder.authenticateRequest(activity(), header);
    sinon.stub(console, 'error'); // botbuilder logs the expiry
    sinon.useFakeTimers({ now: Date.now() + 2 * 60 * 60 * 1000, toFake: ['Date'] });
    assert.equal(await refusal(botbuilder.authenticateRequest(activity(), header)), 'The token has expired');
  });

  it('a remembered token is still bound to each activity’s serviceUrl and channel endorsement', async () => {
    const botbuilder = botbuilderAuthentication(auth.metadataUrl);
    const header = `Bearer ${await auth.signActivityToken()}`;
    await botbuilder.authenticateRequest(activity(), header);
    assert.equal(
      await refusal(botbuilder.authenticateRequest(activity({ serviceUrl: 'https://attacker.example/' }), header)),
      'Unauthorized. ServiceUrl claim do not match.',
    );
    sinon.stub(console, 'error');
    assert.match(
      await refusal(botbuilder.authenticateRequest(activity({ channelId: 'webchat' }), header)),
      /Could not validate endorsement/,
    );
  });

  it('a forged signature on a remembered token’s header and claims is not a hit', async () => {
    const botbuilder = botbuilderAuthentication(auth.metadataUrl);
    const token = await auth.signActivityToken();
    await botbuilder.authenticateRequest(activity(), `Bearer ${token}`);
    const [h, p] = token.split('.');
    sinon.stub(console, 'error');
    const forged = `${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`;
    assert.notEqual(await refusal(botbuilder.authenticateRequest(activity(), `Bearer ${forged}`)), 'accepted');
  });

  describe('rememberingVerify against jsonwebtoken’s own verify', () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const otherPem = crypto
      .generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const sign = (payload: Record<string, unknown>, alg = 'RS256') => {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const input = `${part({ alg, typ: 'JWT', kid: 'k' })}.${part(payload)}`;
      return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    };
    const original = (token: string, key: string, options: unknown) => fullVerify(token, key, options);
    const channelOptions = {
      issuer: ['https://api.botframework.com'],
      audience: undefined,
      clockTolerance: 300,
      ignoreExpiration: false,
      algorithms: ['RS256', 'RS384', 'RS512'],
    };

    it('every option and clock case gives the outcome of a full verify, on a hit as on the first call', () => {
      const start = 1_800_000_000;
      const payloads = [
        { iss: 'https://api.botframework.com', aud: APP_ID, nbf: start - 300, exp: start + 3600 },
        { iss: 'https://api.botframework.com', aud: APP_ID, nbf: start + 1000, exp: start + 3600 },
        { iss: 'https://api.botframework.com', aud: APP_ID, exp: start + 100 },
        { iss: 'https://api.botframework.com', aud: APP_ID, nbf: 'soon', exp: start + 3600 },
        { iss: 'https://api.botframework.com', aud: APP_ID, exp: 'later' },
        { iss: 'https://evil.example', aud: APP_ID, exp: start + 3600 },
        { iss: 'https://api.botframework.com', aud: ['x', APP_ID] },
      ];
      const optionSets = [
        channelOptions,
        { ...channelOptions, audience: APP_ID },
        { ...channelOptions, audience: 'someone-else' },
        { ...channelOptions, issuer: 'https://evil.example' },
        { ...channelOptions, algorithms: ['RS384'] },
        { ...channelOptions, clockTolerance: 0 },
        { ...channelOptions, ignoreExpiration: true, ignoreNotBefore: true },
      ];
      const clocks = [start - 1000, start, start + 90, start + 400, start + 1400, start + 3600 + 299, start + 3600 + 300, start + 9999];
      let compared = 0;
      for (const payload of payloads) {
        const token = sign(payload);
        // The wrapper is fresh per token so that the first call below is the miss that fills it.
        let now = 0;
        const remembering = rememberingVerify(jwt, fullVerify, () => now);
        // Filled where the token is valid (when it ever is), without the issuer check, so that the
        // wrong-issuer token is remembered too and its hits below must still be refused.
        for (const at of [start, start + 2000]) {
          now = at * 1000;
          const fill = sinon.useFakeTimers({ now, toFake: ['Date'] });
          const filled = outcome(() => remembering(token, pem, { ...channelOptions, issuer: undefined }));
          fill.restore();
          if (filled.startsWith('ok')) break;
        }
        for (const options of optionSets) {
          for (const clock of clocks) {
            now = clock * 1000;
            const fake = sinon.useFakeTimers({ now, toFake: ['Date'] });
            try {
              assert.equal(
                outcome(() => remembering(token, pem, options)),
                outcome(() => original(token, pem, options)),
                `${JSON.stringify(payload)} ${JSON.stringify(options)} at ${clock}`,
              );
              compared += 1;
            } finally {
              fake.restore();
            }
          }
        }
      }
      assert.equal(compared, payloads.length * optionSets.length * clocks.length);
    });

    it('remembers per key text: another key verifies afresh (and fails), the same key hits', () => {
      const calls = sinon.spy(fullVerify);
      const remembering = rememberingVerify(jwt, calls);
      const token = sign({ iss: 'https://api.botframework.com', aud: APP_ID, exp: Math.floor(Date.now() / 1000) + 600 });
      remembering(token, pem, channelOptions);
      remembering(token, pem, channelOptions);
      assert.equal(calls.callCount, 1);
      assert.match(
        outcome(() => remembering(token, otherPem, channelOptions)),
        /JsonWebTokenError: invalid signature/,
      );
      assert.equal(calls.callCount, 2);
    });

    it('other call shapes are passed on untouched, every time', () => {
      const calls = sinon.spy(fullVerify);
      const remembering = rememberingVerify(jwt, calls);
      const token = sign({ iss: 'https://api.botframework.com', exp: Math.floor(Date.now() / 1000) + 600 });
      for (let i = 0; i < 2; i++) {
        outcome(() => remembering(token, pem, { ...channelOptions, maxAge: '1h' }));
        outcome(() => remembering(token, publicKey, channelOptions));
        outcome(() => remembering(token, pem, { ...channelOptions, complete: true }));
        outcome(() => remembering(token, pem, channelOptions, () => undefined));
      }
      assert.equal(calls.callCount, 8);
    });
  });
});

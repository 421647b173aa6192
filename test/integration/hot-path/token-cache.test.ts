/**
 * Issue 16: the inbound guard remembers a channel token whose signature it verified, so the RSA check
 * runs once per token rather than once per activity — without weakening any check: expiry, key
 * rotation, audience and the token's binding to the activity's serviceUrl still apply on every call.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import {
  createChannelTokenVerifier,
  createOpenIdKeySource,
  InboundAuthError,
  type SigningKeySource,
} from '../../../bot/teams/inbound-auth.js';
import { createLogger } from '../../../bot/log.js';
import { startFakeBotFrameworkAuth, type FakeBotFrameworkAuth } from '../../helpers/fake-bot-framework-auth.js';
import { APP_ID } from '../security/harness.js';

const silent = createLogger({ level: 'silent' });
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const activity = { type: 'message', channelId: 'msteams', serviceUrl: SERVICE_URL };

describe('issue 16: verified channel tokens are remembered, every other check still runs', function () {
  let auth: FakeBotFrameworkAuth;
  let now: number;
  let signatureChecks: sinon.SinonSpy;

  beforeEach(async () => {
    auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: SERVICE_URL });
    now = Date.now();
    signatureChecks = sinon.spy(crypto.subtle, 'verify');
  });
  afterEach(async () => {
    signatureChecks.restore();
    await auth.close();
  });

  const verifier = (keys: SigningKeySource) => createChannelTokenVerifier({ appId: APP_ID, keys, clock: () => now });
  const keySource = (refreshAfterMs?: number) =>
    createOpenIdKeySource({
      metadataUrl: auth.metadataUrl,
      logger: silent,
      clock: () => now,
      ...(refreshAfterMs !== undefined ? { refreshAfterMs } : {}),
    });
  const reason = (error: unknown) => (error instanceof InboundAuthError ? error.reason : String(error));

  it('one token, many activities: the signature is checked once', async () => {
    const verify = verifier(keySource());
    const header = `Bearer ${await auth.signActivityToken()}`;
    for (let i = 0; i < 5; i++) assert.equal((await verify(header, activity)).aud, APP_ID);
    assert.equal(signatureChecks.callCount, 1);
  });

  it('a remembered token is still refused once it has expired (the cache never extends a token)', async () => {
    const verify = verifier(keySource());
    const header = `Bearer ${await auth.signActivityToken()}`;
    await verify(header, activity);
    now += 2 * 60 * 60 * 1000; // past exp (1 h) + 5 min skew
    await assert.rejects(verify(header, activity), (e) => reason(e) === 'expired');
  });

  it('a remembered token is still bound to the serviceUrl of each activity', async () => {
    const verify = verifier(keySource());
    const header = `Bearer ${await auth.signActivityToken()}`;
    await verify(header, activity);
    await assert.rejects(
      verify(header, { ...activity, serviceUrl: 'https://attacker.example/' }),
      (e) => reason(e) === 'service_url_claim',
    );
  });

  it('keys loaded afresh (rotation) mean the signature is verified again with the new key objects', async () => {
    const verify = verifier(keySource(0)); // every look-up reloads the JWKS: new key objects each time
    const header = `Bearer ${await auth.signActivityToken()}`;
    await verify(header, activity);
    await verify(header, activity);
    assert.equal(signatureChecks.callCount, 2);
    auth.rotate({ keepOld: false });
    await assert.rejects(verify(header, activity), (e) => reason(e) === 'unknown_kid');
  });

  it('a different token is verified on its own (no look-alike hits)', async () => {
    const verify = verifier(keySource());
    const good = await auth.signActivityToken();
    await verify(`Bearer ${good}`, activity);
    const [h, p] = good.split('.');
    const forged = `${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`;
    await assert.rejects(verify(`Bearer ${forged}`, activity), (e) => reason(e) === 'signature');
  });
});

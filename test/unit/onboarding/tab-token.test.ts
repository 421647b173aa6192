/**
 * Tab SSO token verification (A-TAB-1) against locally generated RSA keys and a local JWKS: the token
 * matrix of B3.2. Every failure must be UNAUTHENTICATED.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { createTabAuthenticator, TEAMS_CLIENT_APP_IDS, type TabAuthenticator } from '../../../bot/auth/tab-token.js';
import { createDevSigner } from '../../../bot/auth/dev-sign-in.js';
import { AppError } from '../../../bot/errors.js';

const TENANT = '11111111-2222-4333-8444-555555555555';
const OTHER_TENANT = '99999999-2222-4333-8444-555555555555';
const CLIENT_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const APP_ID_URI = `api://tab.example.test/${CLIENT_ID}`;
const OID = '0f0f0f0f-1111-4222-8333-444444444444';
const TEAMS_WEB = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';
const NOW = new Date('2026-11-26T10:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let signingKey: KeyPair;
let otherKey: KeyPair;
let jwk: JWK;

function v2Claims(overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    aud: CLIENT_ID,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    tid: TENANT,
    oid: OID,
    scp: 'access_as_user',
    azp: TEAMS_WEB,
    ver: '2.0',
    name: 'Testi Käyttäjä',
    preferred_username: 'someone@example.test',
    iat: nowSeconds - 60,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 3600,
    ...overrides,
  };
}

function v1Claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const { azp: _azp, ...rest } = v2Claims();
  return {
    ...rest,
    aud: APP_ID_URI,
    iss: `https://sts.windows.net/${TENANT}/`,
    appid: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
    ver: '1.0',
    ...overrides,
  };
}

async function sign(claims: JWTPayload, key: KeyPair['privateKey'] = signingKey.privateKey, kid = 'test-key-1'): Promise<string> {
  const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
}

function authenticator(overrides: Partial<Parameters<typeof createTabAuthenticator>[0]> = {}): TabAuthenticator {
  return createTabAuthenticator({
    mode: 'production',
    tabClientId: CLIENT_ID,
    appIdUri: APP_ID_URI,
    allowedTenants: [TENANT],
    jwks: createLocalJWKSet({ keys: [jwk] }),
    clock: () => NOW,
    ...overrides,
  });
}

async function assertUnauthenticated(promise: Promise<unknown>, token?: string, reason?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, 'an AppError');
    assert.equal(error.code, 'UNAUTHENTICATED');
    if (reason) assert.equal(error.message, reason);
    if (token) assert.ok(!error.message.includes(token), 'the token is not in the message');
    return true;
  });
}

describe('tab SSO token verification', () => {
  before(async () => {
    signingKey = await generateKeyPair('RS256', { extractable: true });
    otherKey = await generateKeyPair('RS256', { extractable: true });
    jwk = { ...(await exportJWK(signingKey.publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  });

  it('accepts a valid v2 token and returns (tid, oid, name) only', async () => {
    const identity = await authenticator()(`Bearer ${await sign(v2Claims())}`);
    assert.deepEqual(identity, { tenantId: TENANT, objectId: OID, displayName: 'Testi Käyttäjä' });
  });

  it('issue 12 item 11: refuses a v1 token even with TAB_APP_ID_URI set (the app registration issues v2 tokens only)', async () => {
    const token = await sign(v1Claims());
    await assertUnauthenticated(authenticator()(`Bearer ${token}`), token);
    const withClientIdAudience = await sign(v1Claims({ aud: CLIENT_ID }));
    await assertUnauthenticated(authenticator()(`Bearer ${withClientIdAudience}`), withClientIdAudience);
  });

  it('issue 12 item 11: refuses an audience list, even one that contains our client id', async () => {
    for (const aud of [
      [CLIENT_ID],
      [CLIENT_ID, 'bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee'],
      ['bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee', CLIENT_ID],
    ]) {
      const token = await sign(v2Claims({ aud }));
      await assertUnauthenticated(authenticator()(`Bearer ${token}`), token, 'audience');
    }
  });

  it('accepts scp with several scopes and a token within the clock skew', async () => {
    const auth = authenticator();
    await auth(`Bearer ${await sign(v2Claims({ scp: 'User.Read access_as_user' }))}`);
    await auth(`Bearer ${await sign(v2Claims({ exp: nowSeconds - 30 }))}`);
    await auth(`bearer ${await sign(v2Claims({ nbf: nowSeconds + 30 }))}`);
  });

  // [case, token, the internal reason (developer detail, never shown to the caller)]
  const rejected: Array<[string, () => Promise<string>, string]> = [
    ['wrong audience', () => sign(v2Claims({ aud: 'bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee' })), 'token rejected'],
    ['audience of the Graph API', () => sign(v2Claims({ aud: '00000003-0000-0000-c000-000000000000' })), 'token rejected'],
    ['issuer on another host', () => sign(v2Claims({ iss: `https://login.example.test/${TENANT}/v2.0` })), 'issuer'],
    [
      'issuer naming another tenant than tid',
      () => sign(v2Claims({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })),
      'issuer',
    ],
    ['v1 issuer with a v2 version claim', () => sign(v2Claims({ iss: `https://sts.windows.net/${TENANT}/` })), 'issuer'],
    ['v2 issuer without a version claim', () => sign(v2Claims({ ver: undefined })), 'version'],
    [
      'tenant not on the allow-list',
      () => sign(v2Claims({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })),
      'tenant not allowed',
    ],
    [
      'tid that is not a GUID',
      () => sign(v2Claims({ tid: 'common', iss: 'https://login.microsoftonline.com/common/v2.0' })),
      'tenant not allowed',
    ],
    ['expired', () => sign(v2Claims({ exp: nowSeconds - 600 })), 'token rejected'],
    ['not yet valid', () => sign(v2Claims({ nbf: nowSeconds + 600 })), 'token rejected'],
    ['without nbf', () => sign(v2Claims({ nbf: undefined })), 'token rejected'],
    ['without exp', () => sign(v2Claims({ exp: undefined })), 'token rejected'],
    ['bad signature (other key, same kid)', () => sign(v2Claims(), otherKey.privateKey), 'token rejected'],
    ['unknown kid', () => sign(v2Claims(), signingKey.privateKey, 'unknown-kid'), 'token rejected'],
    ['missing scope', () => sign(v2Claims({ scp: undefined })), 'scope'],
    ['other scope only', () => sign(v2Claims({ scp: 'User.Read' })), 'scope'],
    ['scope that only contains the name', () => sign(v2Claims({ scp: 'access_as_user_x' })), 'scope'],
    ['client app that is not a Teams host', () => sign(v2Claims({ azp: '12345678-1234-4234-8234-123456789012' })), 'client application'],
    ['no client app claim', () => sign(v2Claims({ azp: undefined })), 'client application'],
    ['missing oid', () => sign(v2Claims({ oid: undefined })), 'token rejected'],
    [
      'tampered payload',
      async () => {
        const [header, , signature] = (await sign(v2Claims())).split('.');
        const forged = Buffer.from(JSON.stringify(v2Claims({ oid: 'ffffffff-1111-4222-8333-444444444444' }))).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
      'token rejected',
    ],
    [
      'HS256 token',
      async () =>
        new SignJWT(v2Claims()).setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' }).sign(new TextEncoder().encode('x'.repeat(32))),
      'token rejected',
    ],
    [
      'alg none',
      async () =>
        `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(v2Claims())).toString('base64url')}.`,
      'token rejected',
    ],
    ['garbage', async () => 'not.a.token-at-all', 'token rejected'],
  ];
  for (const [label, makeToken, reason] of rejected) {
    it(`rejects: ${label}`, async () => {
      const token = await makeToken();
      await assertUnauthenticated(authenticator()(`Bearer ${token}`), token, reason);
    });
  }

  it('rejects a missing or malformed Authorization header', async () => {
    const auth = authenticator();
    const token = await sign(v2Claims());
    for (const header of [undefined, '', 'Bearer', `Basic ${token}`, `Bearer  ${token} extra`, token]) {
      await assertUnauthenticated(auth(header));
    }
  });

  it('accepts only the configured client apps when a list is given', async () => {
    const auth = authenticator({ allowedClientAppIds: ['1fec8e78-bce4-4aaf-ab1b-5451cc387264'] });
    await assertUnauthenticated(auth(`Bearer ${await sign(v2Claims())}`));
    await auth(`Bearer ${await sign(v2Claims({ azp: '1fec8e78-bce4-4aaf-ab1b-5451cc387264' }))}`);
    assert.ok(TEAMS_CLIENT_APP_IDS.includes(TEAMS_WEB));
  });

  it('fetches keys from a JWKS URL (createRemoteJWKSet) and never from the token', async () => {
    let requests = 0;
    const server = http.createServer((req, res) => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/v2.0/keys`;
      const auth = authenticator({ jwks: url });
      assert.equal((await auth(`Bearer ${await sign(v2Claims())}`)).objectId, OID);
      // A token pointing at its own key set (jku) is still checked against the pinned URL.
      const withJku = await new SignJWT(v2Claims())
        .setProtectedHeader({ alg: 'RS256', kid: 'other', jku: 'https://attacker.example/keys' })
        .sign(otherKey.privateKey);
      await assertUnauthenticated(auth(`Bearer ${withJku}`));
      assert.ok(requests >= 1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses to start in production without a client id, with no tenants, or with a dev signer', () => {
    assert.throws(() => createTabAuthenticator({ mode: 'production', allowedTenants: [TENANT] }), /TAB_CLIENT_ID/);
    assert.throws(
      () =>
        createTabAuthenticator({
          mode: 'production',
          tabClientId: CLIENT_ID,
          allowedTenants: [],
          jwks: createLocalJWKSet({ keys: [jwk] }),
        }),
      /tenant/,
    );
    const devSigner = createDevSigner({ mode: 'local' });
    assert.throws(
      () => createTabAuthenticator({ mode: 'production', tabClientId: CLIENT_ID, allowedTenants: [TENANT], devSigner }),
      /production/,
    );
  });

  describe('local mode', () => {
    it('accepts a dev token from its own signer and still verifies SSO tokens when configured', async () => {
      const devSigner = createDevSigner({ mode: 'local', clock: () => NOW });
      const auth = authenticator({ mode: 'local', devSigner });
      const { token } = devSigner.sign({ tenantId: 'local-tenant', objectId: 'dev-user-1', displayName: 'Dev' });
      assert.deepEqual(await auth(`Bearer ${token}`), { tenantId: 'local-tenant', objectId: 'dev-user-1', displayName: 'Dev' });
      assert.equal((await auth(`Bearer ${await sign(v2Claims())}`)).objectId, OID);
    });

    it('rejects dev tokens from another process key, tampered or expired ones, and SSO tokens when SSO is not configured', async () => {
      let now = NOW;
      const devSigner = createDevSigner({ mode: 'local', clock: () => now, ttlSeconds: 600 });
      const stranger = createDevSigner({ mode: 'local', clock: () => now });
      const auth = createTabAuthenticator({ mode: 'local', allowedTenants: [], devSigner });
      const foreign = stranger.sign({ tenantId: 't', objectId: 'o' }).token;
      await assertUnauthenticated(auth(`Bearer ${foreign}`));
      const { token } = devSigner.sign({ tenantId: 't', objectId: 'o' });
      const [prefix, payload, mac] = token.split('.');
      const forgedPayload = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), oid: 'admin' }),
      ).toString('base64url');
      await assertUnauthenticated(auth(`Bearer ${prefix}.${forgedPayload}.${mac}`));
      await assertUnauthenticated(auth(`Bearer ${await sign(v2Claims())}`));
      now = new Date(NOW.getTime() + 601_000);
      await assertUnauthenticated(auth(`Bearer ${token}`));
    });

    it('a production authenticator rejects a dev token', async () => {
      const devSigner = createDevSigner({ mode: 'local' });
      const { token } = devSigner.sign({ tenantId: TENANT, objectId: OID });
      await assertUnauthenticated(authenticator()(`Bearer ${token}`));
    });
  });
});

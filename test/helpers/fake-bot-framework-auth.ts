/**
 * Loopback fakes of the Bot Framework around the bot, for security tests and benchmarks:
 *
 * - `startFakeBotFrameworkAuth()` — the channel's token issuer: OpenID metadata + JWKS with locally
 *   generated RSA keys (endorsed for msteams), key rotation, an outage switch (500 or hang), request
 *   counters, and `signActivityToken()` to mint channel tokens (plus attack variants: foreign keys,
 *   `alg: none`, HS256 keyed with the public key, Entra-issued "emulator" tokens).
 * - `startFakeConnector()` — the serviceUrl target: records every reply the bot posts.
 * - `primeOutboundToken()` — the bot's *outbound* token normally comes from login.microsoftonline.com
 *   through MSAL, which cannot be pointed at loopback (MSAL insists on an https authority and asks
 *   login.microsoftonline.com for instance discovery; botbuilder passes no knownAuthorities). botbuilder
 *   keeps acquired tokens in a process-wide cache (AppCredentials.cache, key `${appId}${scope}-cache`);
 *   priming it with a fixed fake token lets the real reply path run unchanged against the fake
 *   connector — as in production after the first token fetch.
 *
 * Everything listens on 127.0.0.1 port 0; close() ends open sockets too (hang mode holds some).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { AppCredentials } from 'botframework-connector';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The bearer the bot sends outbound after priming; tests assert it reached the fake connector. */
export const FAKE_OUTBOUND_TOKEN = 'fake-outbound-token-for-tests';

interface KeyPair {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

// RSA key generation takes 0.1–2 s here, so key material is generated once per process and shared:
// each fake instance draws distinct materials for its roles (current, rotated, unpublished, Entra) and
// gives them fresh kids, so tokens of one fake never verify against another's JWKS by accident.
const materials: Array<{ privateKey: KeyObject; publicKey: KeyObject }> = [];
function material(index: number) {
  while (materials.length <= index) materials.push(generateKeyPairSync('rsa', { modulusLength: 2048 }));
  return materials[index]!;
}

function keyPairFrom(index: number): KeyPair {
  const { privateKey, publicKey } = material(index);
  const kid = `test-${randomUUID().slice(0, 8)}`;
  return { kid, privateKey, publicKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export type Outage = 'none' | 'error' | 'hang';

/** Claims of a channel token; `undefined` removes a default claim (e.g. `{ serviceurl: undefined }`). */
export type TokenClaims = Record<string, unknown>;

export interface SignOptions {
  /** Which key signs: the published current key (default), or one no JWKS lists. */
  key?: 'current' | 'unpublished';
  /** Overrides the header's kid (e.g. an unknown one). */
  kid?: string;
  /** Extra/overriding protected-header members. */
  header?: Record<string, unknown>;
}

export interface FakeBotFrameworkAuth {
  /** OpenID metadata of the fake channel issuer (the BOT_OPENID_METADATA_URL to configure). */
  metadataUrl: string;
  jwksUrl: string;
  appId: string;
  /** Kid of the current signing key. */
  currentKid(): string;
  /** Mints a channel token for `appId` bound to `serviceurl` (defaults overridable). */
  signActivityToken(claims?: TokenClaims, options?: SignOptions): Promise<string>;
  /** `alg: none` — header and payload, empty signature. */
  unsignedToken(claims?: TokenClaims): string;
  /** HS256 "signed" with the current RSA public key (PEM) as the HMAC secret: the key-confusion attack. */
  publicKeyHmacToken(claims?: TokenClaims): Promise<string>;
  /** A token from an Entra tenant (the botbuilder "emulator" path): iss login.microsoftonline.com/<tid>/v2.0. */
  entraToken(tenantId: string, claims?: TokenClaims): Promise<string>;
  /** New current key. `keepOld` (default true) keeps publishing the previous key beside it. */
  rotate(options?: { keepOld?: boolean }): void;
  setOutage(mode: Outage): void;
  /** Requests seen per document. */
  counts: { metadata: number; jwks: number };
  close(): Promise<void>;
}

export async function startFakeBotFrameworkAuth(options: {
  appId: string;
  serviceUrl?: string;
  endorsements?: string[];
}): Promise<FakeBotFrameworkAuth> {
  const endorsements = options.endorsements ?? ['msteams'];
  // Materials 0 and 1 are the unpublished and Entra keys; channel keys take 2, 3, … (one per rotation).
  const unpublished = keyPairFrom(0);
  const entra = keyPairFrom(1);
  let nextMaterial = 2;
  let current = keyPairFrom(nextMaterial++);
  let published: KeyPair[] = [current];
  let outage: Outage = 'none';
  const counts = { metadata: 0, jwks: 0 };
  let base = '';

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/bf/openid') counts.metadata += 1;
    if (path === '/bf/keys') counts.jwks += 1;
    if (outage === 'hang') return; // never answered; close() ends the socket
    if (outage === 'error') return send(res, 500, { error: 'fake outage' });
    if (path === '/bf/openid') {
      return send(res, 200, {
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: 'https://invalid.example/',
        jwks_uri: `${base}/bf/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (path === '/bf/keys') return send(res, 200, { keys: published.map((k) => ({ ...k.publicJwk, endorsements })) });
    if (path === '/entra/keys') return send(res, 200, { keys: [entra.publicJwk] });
    return send(res, 404, { error: 'not found' });
  });
  base = await listen(server);

  const defaults = (): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: BOT_FRAMEWORK_ISSUER,
      aud: options.appId,
      ...(options.serviceUrl ? { serviceurl: options.serviceUrl } : {}),
      iat: now,
      nbf: now - 300,
      exp: now + 3600,
    };
  };
  const merge = (claims: TokenClaims = {}): JWTPayload => {
    const payload: Record<string, unknown> = { ...defaults(), ...claims };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return payload as JWTPayload;
  };

  return {
    metadataUrl: `${base}/bf/openid`,
    jwksUrl: `${base}/bf/keys`,
    appId: options.appId,
    currentKid: () => current.kid,
    async signActivityToken(claims, signOptions = {}) {
      const pair = signOptions.key === 'unpublished' ? unpublished : current;
      return new SignJWT(merge(claims))
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: signOptions.kid ?? pair.kid, ...signOptions.header } as { alg: string })
        .sign(pair.privateKey);
    },
    unsignedToken(claims) {
      return `${b64url({ alg: 'none', typ: 'JWT', kid: current.kid })}.${b64url(merge(claims))}.`;
    },
    async publicKeyHmacToken(claims) {
      const secret = new TextEncoder().encode(current.publicKey.export({ format: 'pem', type: 'spki' }).toString());
      return new SignJWT(merge(claims)).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: current.kid }).sign(secret);
    },
    async entraToken(tenantId, claims = {}) {
      const payload = merge({
        iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
        tid: tenantId,
        azp: options.appId,
        ver: '2.0',
        ...claims,
      });
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: entra.kid }).sign(entra.privateKey);
    },
    rotate({ keepOld = true } = {}) {
      const next = keyPairFrom(nextMaterial++);
      published = keepOld ? [next, ...published] : [next];
      current = next;
    },
    setOutage(mode) {
      outage = mode;
    },
    counts,
    close: () => closeServer(server),
  };
}

// ---------------------------------------------------------------------------------------------------

export interface ConnectorRequest {
  method: string;
  path: string;
  conversationId: string;
  authorization: string | undefined;
  activity: Record<string, unknown>;
  receivedAt: number;
}

export interface FakeConnector {
  /** serviceUrl to put into activities and tokens (ends with a slash, as Teams' do). */
  serviceUrl: string;
  requests: ConnectorRequest[];
  /** Called for every recorded request (benchmarks match markers without keeping everything). */
  onRequest?: (request: ConnectorRequest) => void;
  /** Keep request bodies in `requests` (default true; benchmarks turn it off). */
  record: boolean;
  /** Resolves once `count` requests have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A Bot Connector stand-in answering every activity POST/PUT at once with 200 and an id. */
export async function startFakeConnector(): Promise<FakeConnector> {
  let sequence = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let seen = 0;
  const connector: FakeConnector = {
    serviceUrl: '',
    requests: [],
    record: true,
    waitFor(count, timeoutMs = 5000) {
      if (seen >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake connector saw ${seen} of ${count} requests`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () => closeServer(server),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(path);
      let activity: Record<string, unknown> = {};
      try {
        activity = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // recorded as empty
      }
      const request: ConnectorRequest = {
        method: req.method ?? '',
        path,
        conversationId: match ? decodeURIComponent(match[1]!) : '',
        authorization: req.headers.authorization,
        activity,
        receivedAt: Date.now(),
      };
      seen += 1;
      if (connector.record) connector.requests.push(request);
      connector.onRequest?.(request);
      for (const waiter of waiters.filter((w) => seen >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${++sequence}` }));
    });
  });
  connector.serviceUrl = `${await listen(server)}/`;
  return connector;
}

// ---------------------------------------------------------------------------------------------------

/** Makes botbuilder sign outbound calls for `appId` with FAKE_OUTBOUND_TOKEN instead of asking Entra. */
export function primeOutboundToken(appId: string, scope = 'https://api.botframework.com'): void {
  const expiresOn = new Date(Date.now() + 24 * 60 * 60 * 1000);
  (AppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> }).cache.set(`${appId}${scope}-cache`, {
    accessToken: FAKE_OUTBOUND_TOKEN,
    expiresOn,
  });
}

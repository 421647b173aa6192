import { decodeJwt, decodeProtectedHeader, errors as joseErrors, importJWK, jwtVerify, type JWTPayload } from 'jose';
import { isLoopbackHostname, isLoopbackHttpUrl, type Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Dedupe } from './dedupe.js';
import { VerifiedTokens } from './verified-tokens.js';

/**
 * The first gate of POST /api/messages, run before botbuilder sees the request. botbuilder 4.23 is
 * archived and has weaknesses we must work around ourselves: it picks its validation path from the
 * *unverified* token, so a token naming any Entra tenant as issuer takes the "emulator" path (no `aud`
 * check, and every new tenant id is appended to a process-wide issuer list), it answers some forged
 * tokens with 500, and it echoes claim values in its 401 body. Here every request must carry a Bot
 * Framework *channel* token that we verify completely with `jose`; anything else is a 401 with a fixed
 * body and a log line naming only a reason code. botbuilder's own check still runs afterwards as a
 * second layer.
 *
 * Checks, in order (cheap ones first, so a flood of forgeries costs no key fetch or RSA work):
 * bearer syntax → RS256 header with a kid → issuer is exactly https://api.botframework.com → signing
 * key by kid from the Bot Framework OpenID metadata's JWKS (one rate-limited refetch for an unknown kid,
 * to survive key rotation) → key endorsement for the channel → signature, exp/nbf (5 min skew) →
 * audience is exactly our app id → `serviceurl` claim equals the activity's serviceUrl → channel is
 * msteams → serviceUrl is on the allow-list → tenant is ours or allow-listed → duplicate delivery.
 */

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
export const CLOCK_SKEW_SECONDS = 5 * 60;
const TEAMS_CHANNEL_ID = 'msteams';
const MAX_TOKEN_CHARS = 16 * 1024;

export type RejectReason =
  | 'missing_authorization'
  | 'bad_scheme'
  | 'malformed_token'
  | 'unsupported_alg'
  | 'missing_kid'
  | 'issuer'
  | 'unknown_kid'
  | 'keys_unavailable'
  | 'endorsement'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'invalid_token'
  | 'audience'
  | 'malformed_activity'
  | 'service_url_claim'
  | 'channel'
  | 'service_url_not_allowed'
  | 'tenant';

/** A refusal with a reason code meant for logs only; the HTTP body never says which check failed. */
export class InboundAuthError extends Error {
  constructor(readonly reason: RejectReason) {
    super(`inbound activity rejected: ${reason}`);
    this.name = 'InboundAuthError';
  }
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

// ---------------------------------------------------------------------------------------------------
// Signing keys from the OpenID metadata

export interface SigningKey {
  kid: string;
  key: CryptoKey | Uint8Array;
  /** Channels the key is endorsed for, when the JWKS says (Bot Framework keys do). */
  endorsements: string[] | null;
}

export type KeyLookup = { key: SigningKey } | { missing: 'unknown_kid' | 'keys_unavailable' };

export interface SigningKeySource {
  getKey(kid: string): Promise<KeyLookup>;
  stats(): { metadataFetches: number; failedFetches: number; keys: number };
}

export interface KeySourceOptions {
  metadataUrl: string;
  fetch?: FetchLike;
  logger: Logger;
  clock?: () => number;
  /** Keys older than this are refreshed (Microsoft: check about once a day). */
  refreshAfterMs?: number;
  /** During a metadata outage, keys this old are still used; after that, fail closed. */
  maxStaleMs?: number;
  /** At most one refetch per this interval is caused by unknown key ids (forged kids cannot flood). */
  unknownKidRefetchMs?: number;
  /** After a failed fetch, no new attempt for this long (the request fails closed meanwhile). */
  failureBackoffMs?: number;
  /** Total time for one metadata or JWKS request. */
  timeoutMs?: number;
}

const HOUR = 60 * 60 * 1000;
const MAX_DOCUMENT_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The JWKS may only come from https, except when the metadata itself is a loopback http URL (the test
 * harness; config accepts such a URL with NODE_ENV=test only): then the JWKS must be on loopback too.
 */
/**
 * Microsoft's metadata names https keys. A loopback metadata URL is the test harness's fake issuer: its
 * keys must be on loopback too (http or https), never on another host.
 */
function isAcceptableJwksUri(jwksUri: URL, metadataUrl: URL): boolean {
  if (isLoopbackHostname(metadataUrl.hostname)) return isLoopbackHttpUrl(jwksUri.href);
  return jwksUri.protocol === 'https:';
}

export function createOpenIdKeySource(options: KeySourceOptions): SigningKeySource {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const clock = options.clock ?? Date.now;
  const refreshAfterMs = options.refreshAfterMs ?? 24 * HOUR;
  const maxStaleMs = options.maxStaleMs ?? 72 * HOUR;
  const unknownKidRefetchMs = options.unknownKidRefetchMs ?? 5 * 60 * 1000;
  const failureBackoffMs = options.failureBackoffMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 3000;
  const metadataUrl = new URL(options.metadataUrl);

  let keys = new Map<string, SigningKey>();
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let failedAt = Number.NEGATIVE_INFINITY;
  let unknownKidRefetchAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | null = null;
  let metadataFetches = 0;
  let failedFetches = 0;

  const getJson = async (url: URL): Promise<unknown> => {
    // No redirects: the metadata and keys come from exactly where we asked.
    const response = await fetchImpl(url.href, {
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status} from ${url.host}`);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_DOCUMENT_BYTES) {
      await response.body?.cancel();
      throw new Error('document too large');
    }
    const text = await response.text();
    if (text.length > MAX_DOCUMENT_BYTES) throw new Error('document too large');
    return JSON.parse(text) as unknown;
  };

  const load = async (): Promise<void> => {
    metadataFetches += 1;
    const metadata = (await getJson(metadataUrl)) as { jwks_uri?: unknown };
    if (typeof metadata?.jwks_uri !== 'string') throw new Error('metadata without jwks_uri');
    const jwksUri = new URL(metadata.jwks_uri);
    if (!isAcceptableJwksUri(jwksUri, metadataUrl)) throw new Error('jwks_uri is not https (or not loopback for a loopback issuer)');
    const jwks = (await getJson(jwksUri)) as { keys?: unknown };
    if (!Array.isArray(jwks?.keys)) throw new Error('JWKS without keys');
    const next = new Map<string, SigningKey>();
    for (const raw of jwks.keys as Array<Record<string, unknown>>) {
      if (!raw || raw.kty !== 'RSA' || typeof raw.kid !== 'string' || typeof raw.n !== 'string' || typeof raw.e !== 'string') continue;
      if (raw.use !== undefined && raw.use !== 'sig') continue;
      try {
        const key = await importJWK({ kty: 'RSA', n: raw.n, e: raw.e }, 'RS256');
        const endorsements = Array.isArray(raw.endorsements) ? raw.endorsements.filter((x): x is string => typeof x === 'string') : null;
        next.set(raw.kid, { kid: raw.kid, key, endorsements });
      } catch {
        // One unusable key must not take the others down with it.
      }
    }
    if (next.size === 0) throw new Error('JWKS has no usable RSA signing keys');
    keys = next;
    fetchedAt = clock();
  };

  /** One fetch at a time; callers arriving meanwhile share it. Failures leave the old keys in place. */
  const refresh = async (why: 'scheduled' | 'unknown_kid'): Promise<void> => {
    if (inFlight) return inFlight;
    if (clock() - failedAt < failureBackoffMs) return;
    inFlight = load()
      .catch((error: unknown) => {
        failedFetches += 1;
        failedAt = clock();
        options.logger.warn(
          {
            event: 'bot_framework_keys_unavailable',
            why,
            detail: error instanceof Error ? error.message : 'unknown',
            cachedKeys: keys.size,
          },
          'could not load Bot Framework signing keys',
        );
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const usableKeys = () => keys.size > 0 && clock() - fetchedAt < maxStaleMs;

  return {
    async getKey(kid) {
      const due = clock() - fetchedAt >= refreshAfterMs;
      if (due) await refresh('scheduled');
      if (!usableKeys()) return { missing: 'keys_unavailable' };
      const found = keys.get(kid);
      if (found) return { key: found };
      // The keys were just (re)loaded if `due`: fetching them again would find nothing new.
      if (!due && clock() - unknownKidRefetchAt >= unknownKidRefetchMs) {
        unknownKidRefetchAt = clock();
        await refresh('unknown_kid');
        const rotated = usableKeys() ? keys.get(kid) : undefined;
        if (rotated) return { key: rotated };
      }
      return { missing: 'unknown_kid' };
    },
    stats: () => ({ metadataFetches, failedFetches, keys: keys.size }),
  };
}

// ---------------------------------------------------------------------------------------------------
// The channel token

export interface InboundActivity {
  type?: unknown;
  id?: unknown;
  channelId?: unknown;
  serviceUrl?: unknown;
  conversation?: { id?: unknown; tenantId?: unknown } | null;
  channelData?: { tenant?: { id?: unknown } | null } | null;
}

export interface ChannelTokenVerifierOptions {
  appId: string;
  keys: SigningKeySource;
  clock?: () => number;
  /** Bound of the verified-signature cache (distinct tokens remembered). */
  maxCachedTokens?: number;
}

/** The channel reuses one token for many activities; a few hundred distinct ones cover any burst. */
const DEFAULT_MAX_CACHED_TOKENS = 256;

/** `Bearer <jws>` exactly: one space, three base64url segments (an empty signature is caught by alg). */
function bearerToken(header: string | undefined): string {
  if (header === undefined || header === '') throw new InboundAuthError('missing_authorization');
  if (!header.startsWith('Bearer ')) throw new InboundAuthError('bad_scheme');
  const token = header.slice('Bearer '.length);
  if (token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
    throw new InboundAuthError('malformed_token');
  }
  return token;
}

function reasonOfJoseError(error: unknown): RejectReason {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'not_yet_valid';
    if (error.claim === 'iss') return 'issuer';
    return 'invalid_token';
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature';
  return 'invalid_token';
}

/**
 * Verifies a Bot Framework channel token and binds it to the activity it came with. Throws
 * InboundAuthError; returns the verified claims.
 */
export function createChannelTokenVerifier(options: ChannelTokenVerifierOptions) {
  const clock = options.clock ?? Date.now;
  // The RSA signature check is the costly part, and the channel sends the same token with many
  // activities. A token whose signature was verified with a key is remembered (exact token text, with
  // that key object); a hit skips only the signature: every other check below still runs, the expiry is
  // checked again, and a key that was rotated away (a new key object) means verifying afresh.
  // A remembered token is the exact text verified before, so its decoded header and claims are kept too.
  const verified = new VerifiedTokens<{ key: SigningKey; payload: JWTPayload; header: ReturnType<typeof decodeProtectedHeader> }>(
    options.maxCachedTokens ?? DEFAULT_MAX_CACHED_TOKENS,
  );
  return async function verifyChannelToken(authorization: string | undefined, activity: InboundActivity): Promise<JWTPayload> {
    const token = bearerToken(authorization);
    const cached = verified.get(token);
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    if (cached) {
      ({ header, payload: unverified } = cached);
    } else {
      try {
        header = decodeProtectedHeader(token);
        unverified = decodeJwt(token);
      } catch {
        throw new InboundAuthError('malformed_token');
      }
    }
    // Only RS256: no `none`, no HMAC with the public key as secret, no algorithm the keys were not made for.
    if (header.alg !== 'RS256') throw new InboundAuthError('unsupported_alg');
    if (typeof header.kid !== 'string' || !header.kid) throw new InboundAuthError('missing_kid');
    // Before any key work: this is what keeps Entra/"emulator" and skill tokens away from botbuilder.
    if (unverified.iss !== BOT_FRAMEWORK_ISSUER) throw new InboundAuthError('issuer');

    const lookup = await options.keys.getKey(header.kid);
    if ('missing' in lookup) throw new InboundAuthError(lookup.missing);
    const { endorsements } = lookup.key;
    if (endorsements && endorsements.length > 0 && !endorsements.includes(String(activity.channelId))) {
      throw new InboundAuthError('endorsement');
    }

    const stillValid =
      cached &&
      cached.key === lookup.key &&
      typeof cached.payload.exp === 'number' &&
      clock() / 1000 - CLOCK_SKEW_SECONDS < cached.payload.exp;
    let payload: JWTPayload;
    if (cached && stillValid) {
      payload = cached.payload;
    } else {
      if (cached) verified.delete(token);
      try {
        ({ payload } = await jwtVerify(token, lookup.key.key, {
          issuer: BOT_FRAMEWORK_ISSUER,
          algorithms: ['RS256'],
          clockTolerance: CLOCK_SKEW_SECONDS,
          requiredClaims: ['exp'],
          currentDate: new Date(clock()),
        }));
      } catch (error) {
        throw new InboundAuthError(reasonOfJoseError(error));
      }
      verified.set(token, { key: lookup.key, payload, header });
    }
    // A single audience, exactly ours: channel tokens never carry a list.
    if (typeof payload.aud !== 'string' || payload.aud !== options.appId) throw new InboundAuthError('audience');
    // Exact match, as botbuilder does: no case folding, no trailing-slash leniency, never optional.
    if (typeof activity.serviceUrl !== 'string' || !activity.serviceUrl) throw new InboundAuthError('malformed_activity');
    if (payload.serviceurl !== activity.serviceUrl) throw new InboundAuthError('service_url_claim');
    return payload;
  };
}

// ---------------------------------------------------------------------------------------------------
// The guard hooked into bot/server.ts (ServerDeps.inboundGuard)

export interface InboundRequest {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/**
 * The guard (ServerDeps.inboundGuard) plus `release`: call it when an activity the guard let through was
 * refused further on without running the bot (adapter.process answered 4xx/5xx or threw), so that
 * the de-duplication claim does not swallow Teams' redelivery.
 */
export type InboundGuard = ((req: InboundRequest) => Promise<{ status: number } | null>) & {
  release(req: InboundRequest): Promise<void>;
};

export interface InboundGuardOptions {
  config: Pick<
    Config,
    'mode' | 'NODE_ENV' | 'MICROSOFT_APP_ID' | 'MICROSOFT_APP_TENANT_ID' | 'ALLOWED_TENANTS' | 'BOT_OPENID_METADATA_URL'
  >;
  logger: Logger;
  /** The outbound service-URL policy (bot/teams/service-url.ts): our token is sent to that URL. */
  isAllowedServiceUrl(url: string): boolean;
  /** Defaults to config.BOT_OPENID_METADATA_URL, else Microsoft's. */
  openIdMetadataUrl?: string;
  fetch?: FetchLike;
  dedupe?: Dedupe;
  clock?: () => number;
  /** Key cache timings (tests). */
  keyCache?: Pick<KeySourceOptions, 'refreshAfterMs' | 'maxStaleMs' | 'unknownKidRefetchMs' | 'failureBackoffMs' | 'timeoutMs'>;
  /** A ready key source (shared between guards in tests and benchmarks). */
  keySource?: SigningKeySource;
}

function tenantIdsOf(activity: InboundActivity): string[] {
  const ids = [activity.conversation?.tenantId, activity.channelData?.tenant?.id].filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  return [...new Set(ids)];
}

/**
 * With the test harness (NODE_ENV=test and a fake issuer), the fake connector is plain http on
 * loopback; its host must still be on the allow-list (ALLOWED_SERVICE_URL_HOSTS=127.0.0.1). Config
 * refuses BOT_OPENID_METADATA_URL outside NODE_ENV=test, so production never takes this branch.
 */
function serviceUrlPolicy(options: InboundGuardOptions): (url: string) => boolean {
  const harness = options.config.NODE_ENV === 'test' && Boolean(options.config.BOT_OPENID_METADATA_URL);
  return (raw) => {
    if (options.isAllowedServiceUrl(raw)) return true;
    if (!harness) return false;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) return false;
      url.protocol = 'https:';
      return options.isAllowedServiceUrl(url.href);
    } catch {
      return false;
    }
  };
}

export function createInboundGuard(options: InboundGuardOptions): InboundGuard {
  const { config, logger, dedupe } = options;

  const deduplicate = async (activity: unknown): Promise<{ status: number } | null> => {
    if (!dedupe) return null;
    const outcome = await dedupe.claim(activity);
    if (outcome !== 'duplicate') return null;
    logger.info({ event: 'duplicate_delivery' }, 'duplicate delivery acknowledged without processing');
    // 200 so the channel stops redelivering; the first copy is (or was) being processed.
    return { status: 200 };
  };

  const release = async (req: InboundRequest) => {
    await dedupe?.release(req.body);
  };

  if (config.mode === 'local') {
    // The Agents Playground sends no token; server.ts admits loopback callers only.
    return Object.assign(async (req: InboundRequest) => deduplicate(req.body), { release });
  }

  const appId = config.MICROSOFT_APP_ID;
  // Fail closed: production mode without an app id would mean botbuilder disables authentication.
  if (!appId) throw new Error('inbound authentication needs MICROSOFT_APP_ID in production mode');
  const allowedTenants = new Set([config.MICROSOFT_APP_TENANT_ID, ...config.ALLOWED_TENANTS].filter((t): t is string => Boolean(t)));
  const keys =
    options.keySource ??
    createOpenIdKeySource({
      metadataUrl: options.openIdMetadataUrl ?? config.BOT_OPENID_METADATA_URL ?? BOT_FRAMEWORK_OPENID_METADATA_URL,
      logger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...options.keyCache,
    });
  const verify = createChannelTokenVerifier({ appId, keys, ...(options.clock ? { clock: options.clock } : {}) });
  const serviceUrlAllowed = serviceUrlPolicy(options);

  const reject = (reason: RejectReason, status = 401) => {
    // The reason code only: never the token, a claim value or anything else the caller chose.
    logger.warn({ event: 'inbound_auth_rejected', reason, status }, 'inbound activity rejected');
    return { status };
  };

  const guard = async (req: InboundRequest): Promise<{ status: number } | null> => {
    const activity = req.body;
    if (!activity || typeof activity !== 'object' || Array.isArray(activity)) return reject('malformed_activity');
    const header = req.headers.authorization;
    try {
      await verify(typeof header === 'string' ? header : undefined, activity as InboundActivity);
    } catch (error) {
      if (error instanceof InboundAuthError) return reject(error.reason);
      logger.error({ event: 'inbound_auth_error', err: error }, 'inbound authentication failed unexpectedly');
      return reject('invalid_token');
    }
    const checked = activity as InboundActivity;
    if (checked.channelId !== TEAMS_CHANNEL_ID) return reject('channel');
    if (!serviceUrlAllowed(String(checked.serviceUrl))) return reject('service_url_not_allowed');
    const tenants = tenantIdsOf(checked);
    if (tenants.length !== 1 || !allowedTenants.has(tenants[0]!)) {
      // Authentic, but not for us: 200 with no side effects, so Teams does not keep redelivering it.
      return reject('tenant', 200);
    }
    return deduplicate(activity);
  };
  return Object.assign(guard, { release });
}

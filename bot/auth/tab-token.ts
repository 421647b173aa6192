/**
 * Verifies the tab's bearer token on every tab API request (A-TAB-1, A-TAB-2).
 *
 * Teams SSO tokens (authentication.getAuthToken) are Entra access tokens for our own API: RS256 only,
 * signature from a pinned JWKS URL (never one named by the token), v2 only (issuer
 * `https://login.microsoftonline.com/{tid}/v2.0`, `ver` 2.0: the app registration sets
 * accessTokenAcceptedVersion 2, so a v1 token is never needed and is refused, A-TAB-1), audience exactly
 * our client id as a single string (a list is refused, as for the bot), tenant on the allow-list,
 * `scp` containing `access_as_user` as a
 * whole word, the calling client a Teams/Microsoft 365 app, exp/nbf within a small skew.
 * Identity is (tid, oid); names, UPNs and e-mails are never used to decide anything.
 *
 * In local mode a dev token from bot/auth/dev-sign-in.ts is accepted too; in production mode passing a
 * dev signer is a start-up error. Every failure is AppError('UNAUTHENTICATED') with no detail for the caller.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../errors.js';
import type { Identity } from './roles.js';
import { DEV_TOKEN_PREFIX, type DevSigner } from './dev-sign-in.js';

/** Client ids of the Teams and Microsoft 365 hosts that may ask for a tab SSO token (the token's azp/appid). */
export const TEAMS_CLIENT_APP_IDS: readonly string[] = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Teams desktop and mobile
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Teams web
  '4765445b-32c6-49b0-83e6-1d93765276ca', // Microsoft 365 web
  '4345a7b9-9a63-4910-a426-35363201d503', // Microsoft 365 web
  '0ec893e0-5785-4de6-99da-4ed124e5296c', // Microsoft 365 desktop
  'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft 365 mobile, Outlook desktop
  '00000002-0000-0ff1-ce00-000000000000', // Outlook web
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3', // Outlook web
  '27922004-5251-4030-b22d-91ecd9a37ea4', // Outlook mobile
];

export const REQUIRED_SCOPE = 'access_as_user';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{10,8192})$/i;

export interface TabAuthenticatorOptions {
  mode: 'local' | 'production';
  /** Entra app (client) id the SSO tokens are issued for: `aud` of v2 tokens. Required in production. */
  tabClientId?: string | undefined;
  /**
   * Application ID URI (`api://<host>/<client id>`), the `aud` of v1 tokens. Not an accepted audience:
   * v1 tokens are refused (the registration issues v2 tokens, whose `aud` is the client id).
   */
  appIdUri?: string | undefined;
  /** Tenants whose tokens are accepted (OPH's tenant; guests get tokens from the resource tenant). */
  allowedTenants: readonly string[];
  /**
   * Signing keys: a key-set function (tests: jose createLocalJWKSet) or a JWKS URL (createRemoteJWKSet).
   * Default: the v2 keys of the single allowed tenant, or of `common` when several tenants are allowed.
   */
  jwks?: JWTVerifyGetKey | URL | string | undefined;
  /** Accepted `azp` (v2) / `appid` (v1) values; default TEAMS_CLIENT_APP_IDS. */
  allowedClientAppIds?: readonly string[] | undefined;
  /** Local mode only: verifies dev tokens from the development sign-in. */
  devSigner?: DevSigner | undefined;
  /** Allowed clock skew for exp/nbf, seconds (default 120). */
  clockToleranceSeconds?: number;
  clock?: () => Date;
}

export type TabAuthenticator = (authorizationHeader: string | undefined) => Promise<Identity>;

function unauthenticated(detail: string, cause?: unknown): AppError {
  return new AppError('UNAUTHENTICATED', detail, cause === undefined ? undefined : { cause });
}

function resolveKeySet(options: TabAuthenticatorOptions): JWTVerifyGetKey {
  if (typeof options.jwks === 'function') return options.jwks;
  const tenant = options.allowedTenants.length === 1 ? options.allowedTenants[0] : 'common';
  const url = options.jwks ?? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`;
  return createRemoteJWKSet(typeof url === 'string' ? new URL(url) : url, { timeoutDuration: 5000, cooldownDuration: 30_000 });
}

export function createTabAuthenticator(options: TabAuthenticatorOptions): TabAuthenticator {
  if (options.mode !== 'local' && options.devSigner) throw new Error('a development sign-in cannot be used in production mode');
  if (options.mode === 'production' && !options.tabClientId) throw new Error('TAB_CLIENT_ID is required in production mode');
  const sso = options.tabClientId
    ? {
        audience: options.tabClientId,
        tenants: new Set(options.allowedTenants.map((t) => t.toLowerCase())),
        clients: new Set((options.allowedClientAppIds ?? TEAMS_CLIENT_APP_IDS).map((c) => c.toLowerCase())),
        keySet: resolveKeySet(options),
      }
    : undefined;
  if (sso && sso.tenants.size === 0) throw new Error('tab SSO needs at least one allowed tenant');
  const tolerance = options.clockToleranceSeconds ?? 120;

  async function verifySso(token: string): Promise<Identity> {
    if (!sso) throw unauthenticated('tab SSO is not configured');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, sso.keySet, {
        algorithms: ['RS256'],
        audience: sso.audience,
        clockTolerance: tolerance,
        requiredClaims: ['exp', 'nbf', 'iss', 'tid', 'oid'],
        ...(options.clock ? { currentDate: options.clock() } : {}),
      }));
    } catch (error) {
      throw unauthenticated('token rejected', error);
    }
    const { tid, oid, iss, scp, ver, name, aud } = payload as JWTPayload & Record<string, unknown>;
    // jose accepts a list that contains our id; only a single-string audience is ours alone.
    if (aud !== sso.audience) throw unauthenticated('audience');
    if (typeof tid !== 'string' || !GUID.test(tid) || !sso.tenants.has(tid.toLowerCase())) throw unauthenticated('tenant not allowed');
    // The issuer must name the token's own tenant, in the v2 form.
    if (iss !== `https://login.microsoftonline.com/${tid}/v2.0`) throw unauthenticated('issuer');
    if (ver !== '2.0') throw unauthenticated('version');
    if (typeof scp !== 'string' || !scp.split(' ').includes(REQUIRED_SCOPE)) throw unauthenticated('scope');
    const client = (payload as Record<string, unknown>).azp ?? (payload as Record<string, unknown>).appid;
    if (typeof client !== 'string' || !sso.clients.has(client.toLowerCase())) throw unauthenticated('client application');
    if (typeof oid !== 'string' || !/^[A-Za-z0-9-]{1,100}$/.test(oid)) throw unauthenticated('object id');
    return { tenantId: tid, objectId: oid, displayName: typeof name === 'string' ? name.slice(0, 200) : undefined };
  }

  return async function authenticate(authorizationHeader) {
    const match = BEARER.exec(authorizationHeader?.trim() ?? '');
    if (!match) throw unauthenticated('missing bearer token');
    const token = match[1]!;
    if (token.startsWith(DEV_TOKEN_PREFIX)) {
      const identity = options.mode === 'local' ? options.devSigner?.verify(token) : null;
      if (!identity) throw unauthenticated('dev token rejected');
      return identity;
    }
    return verifySso(token);
  };
}

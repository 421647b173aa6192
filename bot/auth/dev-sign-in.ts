/**
 * Local-mode sign-in for the tab outside Teams (no Entra, no SSO). It exists only in local mode: the
 * factory refuses any other mode, and the token authenticator refuses a dev signer in production.
 *
 * A dev token is `dev.<payload>.<hmac>`: base64url JSON {tid, oid, name, iat, exp} signed with
 * HMAC-SHA256 under a random key made when the process starts, so tokens die with the process and
 * cannot be minted elsewhere.
 */
import { errorResponse } from '../i18n/error-response.js';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Identity, UserDirectory } from './roles.js';

export const DEV_TOKEN_PREFIX = 'dev.';

export interface DevSigner {
  sign(identity: Identity): { token: string; expiresAt: string };
  /** The identity in a valid, unexpired token; null for anything else. */
  verify(token: string): Identity | null;
}

export interface DevSignInOptions {
  mode: 'local' | 'production';
  users: UserDirectory;
  /** Lifetime of a dev token; short on purpose (default 1 hour). */
  ttlSeconds?: number;
  clock?: () => Date;
  /** Fixed key for tests; by default 32 random bytes per process. */
  key?: Buffer;
}

/** A route without a tab token (bot/server.ts `publicRoutes`), mounted under /api/tab. */
export interface PublicTabRoute {
  method: 'get' | 'post';
  path: string;
  handler(body: unknown): Promise<{ status: number; body: unknown }>;
}

const payloadSchema = z.strictObject({
  tid: z.string().min(1).max(100),
  oid: z.string().min(1).max(100),
  name: z.string().max(200).optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});

const signInBodySchema = z.strictObject({
  tenantId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/)
    .optional(),
  objectId: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/),
});

function assertLocal(mode: string): void {
  if (mode !== 'local') throw new Error('the development sign-in exists only in local mode');
}

export function createDevSigner(options: Pick<DevSignInOptions, 'mode' | 'ttlSeconds' | 'clock' | 'key'>): DevSigner {
  assertLocal(options.mode);
  const key = options.key ?? randomBytes(32);
  const ttl = options.ttlSeconds ?? 3600;
  const clock = options.clock ?? (() => new Date());
  const mac = (data: string) => createHmac('sha256', key).update(data).digest();

  return {
    sign(identity) {
      const iat = Math.floor(clock().getTime() / 1000);
      const payload = {
        tid: identity.tenantId,
        oid: identity.objectId,
        ...(identity.displayName ? { name: identity.displayName } : {}),
        iat,
        exp: iat + ttl,
      };
      const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const token = `${DEV_TOKEN_PREFIX}${encoded}.${mac(encoded).toString('base64url')}`;
      return { token, expiresAt: new Date((iat + ttl) * 1000).toISOString() };
    },
    verify(token) {
      if (!token.startsWith(DEV_TOKEN_PREFIX)) return null;
      const parts = token.slice(DEV_TOKEN_PREFIX.length).split('.');
      if (parts.length !== 2) return null;
      const [encoded, signature] = parts as [string, string];
      const expected = mac(encoded);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let payload: z.infer<typeof payloadSchema>;
      try {
        const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
        if (!parsed.success) return null;
        payload = parsed.data;
      } catch {
        return null;
      }
      const now = Math.floor(clock().getTime() / 1000);
      if (payload.exp <= now || payload.iat > now + 60) return null;
      return { tenantId: payload.tid, objectId: payload.oid, displayName: payload.name };
    },
  };
}

/**
 * The dev signer plus its two public routes: GET /dev/users (the seeded users to pick from) and
 * POST /dev/sign-in {objectId, tenantId?} → {token, expiresAt}. Only users in the app's own user table
 * can be signed in as. Throws unless mode is 'local'.
 */
export function createDevSignIn(options: DevSignInOptions): { signer: DevSigner; routes: PublicTabRoute[] } {
  assertLocal(options.mode);
  const signer = createDevSigner(options);
  const routes: PublicTabRoute[] = [
    {
      method: 'get',
      path: '/dev/users',
      async handler() {
        const users = await options.users.list();
        return {
          status: 200,
          body: {
            users: users.map((u) => ({
              tenantId: u.tenantId,
              objectId: u.objectId,
              displayName: u.displayName,
              role: u.role,
              institutionId: u.institutionId,
            })),
          },
        };
      },
    },
    {
      method: 'post',
      path: '/dev/sign-in',
      async handler(body) {
        const parsed = signInBodySchema.safeParse(body ?? {});
        if (!parsed.success) return errorResponse('VALIDATION', 'en');
        const { tenantId, objectId } = parsed.data;
        // Without a tenant the object id must name exactly one known user.
        const candidates = tenantId
          ? [await options.users.find(tenantId, objectId)]
          : (await options.users.list()).filter((u) => u.objectId === objectId);
        const user = candidates.length === 1 ? candidates[0] : undefined;
        if (!user) return errorResponse('NOT_FOUND', 'en');
        return { status: 200, body: signer.sign({ tenantId: user.tenantId, objectId: user.objectId, displayName: user.displayName }) };
      },
    },
  ];
  return { signer, routes };
}

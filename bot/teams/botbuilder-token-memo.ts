/**
 * botbuilder's own check of the channel token (the second layer behind bot/teams/inbound-auth.ts)
 * verifies the token's RSA signature on every activity: `jsonwebtoken.verify(token, pemKey, options)`
 * in botframework-connector's JwtTokenExtractor, which also parses the PEM key into a key object each
 * time. The channel sends one token with many activities, so this remembers the outcome of the
 * signature check only, for the exact token text and the exact key text it was verified with:
 *
 * - everything botbuilder does around `verify` still runs on every activity, unchanged: the issuer
 *   pre-check, the signing-key look-up in its OpenID metadata (a rotated key is a different key text,
 *   so the token is verified afresh), the endorsement and algorithm checks, the issuer, audience
 *   (app id) and serviceUrl claims, our `validateClaims` (channel issuer only) and the caller id;
 * - of `verify` itself, a remembered token skips the signature (and the PEM parse) and nothing else:
 *   the algorithm list, `nbf` and `exp` against the clock with the caller's tolerance, the audience and
 *   the issuer are checked again, in jsonwebtoken's order and with its error types, so botbuilder's
 *   handling of an expired token is the same;
 * - only the synchronous call shape botbuilder uses with those options is remembered; any other call
 *   (a callback, a key object, other options) goes to jsonwebtoken as it is.
 *
 * jsonwebtoken is botframework-connector's own dependency (nothing else here uses it); the wrapper is
 * installed on the instance botframework-connector loads, once per process.
 */
import { createRequire } from 'node:module';
import { VerifiedTokens } from './verified-tokens.js';

interface JsonWebTokenModule {
  verify: Verify;
  decode(token: string, options: { complete: true }): { header: { alg?: unknown } } | null;
  JsonWebTokenError: new (message: string) => Error;
  NotBeforeError: new (message: string, date: Date) => Error;
  TokenExpiredError: new (message: string, date: Date) => Error;
}
type Verify = (token: unknown, key: unknown, options?: unknown, callback?: unknown) => unknown;

/** The options botbuilder passes (ChannelValidation, emulator and skill validation parameters). */
interface RememberableOptions {
  algorithms: string[];
  issuer?: string | string[];
  audience?: string | string[];
  clockTolerance?: number;
  ignoreExpiration?: boolean;
  ignoreNotBefore?: boolean;
}
const REMEMBERABLE_OPTION_KEYS = new Set(['algorithms', 'issuer', 'audience', 'clockTolerance', 'ignoreExpiration', 'ignoreNotBefore']);

function isRememberable(options: unknown): options is RememberableOptions {
  if (!options || typeof options !== 'object') return false;
  for (const key of Object.keys(options)) {
    if (!REMEMBERABLE_OPTION_KEYS.has(key)) return false;
  }
  const { algorithms, issuer, audience, clockTolerance } = options as Record<string, unknown>;
  const strings = (value: unknown) =>
    value === undefined || typeof value === 'string' || (Array.isArray(value) && value.every((x) => typeof x === 'string'));
  return (
    Array.isArray(algorithms) &&
    algorithms.every((x) => typeof x === 'string') &&
    strings(issuer) &&
    strings(audience) &&
    (clockTolerance === undefined || typeof clockTolerance === 'number')
  );
}

interface Remembered {
  /** The PEM text the signature was verified with. */
  key: string;
  alg: string;
  payload: Record<string, unknown>;
}

/** The channel reuses one token for many activities; a few hundred distinct ones cover any burst. */
const MAX_REMEMBERED_TOKENS = 256;
const MEMO = Symbol.for('oppijanumero-teams.botbuilder-token-memo');

/**
 * What jsonwebtoken checks after a good signature (verify.js, 9.x), in its order and with its errors,
 * for the options above. Throws like `verify` would; returns a fresh copy of the payload.
 */
function checkAfterSignature(
  jwt: JsonWebTokenModule,
  remembered: Remembered,
  options: RememberableOptions,
  nowMs: number,
): Record<string, unknown> {
  if (options.algorithms.indexOf(remembered.alg) === -1) throw new jwt.JsonWebTokenError('invalid algorithm');
  const payload = remembered.payload;
  const clockTimestamp = Math.floor(nowMs / 1000);
  const tolerance = options.clockTolerance || 0;
  if (typeof payload.nbf !== 'undefined' && !options.ignoreNotBefore) {
    if (typeof payload.nbf !== 'number') throw new jwt.JsonWebTokenError('invalid nbf value');
    if (payload.nbf > clockTimestamp + tolerance) throw new jwt.NotBeforeError('jwt not active', new Date(payload.nbf * 1000));
  }
  if (typeof payload.exp !== 'undefined' && !options.ignoreExpiration) {
    if (typeof payload.exp !== 'number') throw new jwt.JsonWebTokenError('invalid exp value');
    if (clockTimestamp >= payload.exp + tolerance) throw new jwt.TokenExpiredError('jwt expired', new Date(payload.exp * 1000));
  }
  if (options.audience) {
    const audiences = Array.isArray(options.audience) ? options.audience : [options.audience];
    const targets = Array.isArray(payload.aud) ? (payload.aud as unknown[]) : [payload.aud];
    if (!targets.some((target) => audiences.some((audience) => audience === target))) {
      throw new jwt.JsonWebTokenError(`jwt audience invalid. expected: ${audiences.join(' or ')}`);
    }
  }
  if (options.issuer) {
    const invalid =
      (typeof options.issuer === 'string' && payload.iss !== options.issuer) ||
      (Array.isArray(options.issuer) && options.issuer.indexOf(payload.iss as string) === -1);
    if (invalid) throw new jwt.JsonWebTokenError(`jwt issuer invalid. expected: ${String(options.issuer)}`);
  }
  return { ...payload };
}

/**
 * Wraps `verify`; exported for tests. The clock is read on each call, like jsonwebtoken's `Date.now()`
 * (a fake clock in a test reaches both).
 */
export function rememberingVerify(
  jwt: JsonWebTokenModule,
  original: Verify,
  clock: () => number = () => Date.now(),
): Verify & { remembered: VerifiedTokens<Remembered> } {
  const remembered = new VerifiedTokens<Remembered>(MAX_REMEMBERED_TOKENS);
  const verify = function (this: unknown, token: unknown, key: unknown, options?: unknown, callback?: unknown): unknown {
    if (callback !== undefined || typeof token !== 'string' || typeof key !== 'string' || !isRememberable(options))
      // eslint-disable-next-line prefer-rest-params -- pass the call on exactly as it came
      return original.apply(this, arguments as unknown as Parameters<Verify>);
    const known = remembered.get(token);
    if (known && known.key === key) return checkAfterSignature(jwt, known, options, clock());
    const payload = original.call(this, token, key, options) as Record<string, unknown>;
    // Only what verified completely is remembered (a throw above leaves nothing behind).
    const alg = jwt.decode(token, { complete: true })?.header.alg;
    if (payload && typeof payload === 'object' && typeof alg === 'string') remembered.set(token, { key, alg, payload: { ...payload } });
    return payload;
  };
  return Object.assign(verify, { remembered });
}

/** Installs the wrapper on the jsonwebtoken instance botframework-connector uses (once per process). */
export function rememberBotbuilderTokenChecks(): void {
  const fromConnector = createRequire(createRequire(import.meta.url).resolve('botframework-connector'));
  const jwt = fromConnector('jsonwebtoken') as JsonWebTokenModule & { [MEMO]?: true };
  if (jwt[MEMO]) return;
  jwt.verify = rememberingVerify(jwt, jwt.verify);
  jwt[MEMO] = true;
}

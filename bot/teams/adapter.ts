import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConfiguration, AuthenticationError, type Claim } from 'botframework-connector';
import { Agent, request as httpRequest } from 'undici';
import type { Config } from '../config.js';
import { DeliveryError } from '../features/types.js';
import type { Logger } from '../log.js';
import { errorCodeOf } from '../errors.js';
import { errorMessage } from '../i18n/core.js';
import { langFromLocale } from '../i18n/index.js';
import { ReusingBotFrameworkAuthentication } from './connector-clients.js';
import { rememberBotbuilderTokenChecks } from './botbuilder-token-memo.js';

/**
 * The Bot Framework adapter. In production mode it validates every inbound token with the bot's
 * single-tenant (or managed identity) registration; local mode has no credentials and is reachable
 * from loopback only (enforced in server.ts), which is how the Agents Playground talks to it.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const settings =
    config.mode === 'production'
      ? {
          MicrosoftAppId: config.MICROSOFT_APP_ID,
          MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD,
          MicrosoftAppType: config.MICROSOFT_APP_TYPE,
          MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID,
          ...(config.BOT_OPENID_METADATA_URL ? fakeIssuerSettings(config.BOT_OPENID_METADATA_URL) : {}),
        }
      : {};
  // botbuilder's second check of the channel token skips the RSA signature of a token it has verified
  // before with the same key; every claim check still runs on every activity (see the module).
  if (config.mode === 'production') rememberBotbuilderTokenChecks();
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication(
    settings,
    credentials,
    config.mode === 'production' ? channelOnlyClaims() : undefined,
    undefined,
    connectorClientOptions(),
  );
  // The connector and user-token clients are built once per app id and serviceUrl, not once per turn.
  const adapter = new CloudAdapter(new ReusingBotFrameworkAuthentication(auth));

  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const code = errorCodeOf(error);
    logger.error({ code, err: error, activityType: context.activity.type }, 'unhandled turn error');
    // Only a person who sent a message is waiting for words; invokes and events get no chatter.
    if (context.activity.type === ActivityTypes.Message) {
      try {
        await context.sendActivity(errorMessage(code, langFromLocale(context.activity.locale)));
      } catch (sendError) {
        logger.warn({ err: sendError }, 'could not send the apology');
      }
    }
  };
  return adapter;
}

/**
 * botbuilder's second layer also accepts "emulator" tokens from any Entra tenant (and grows its issuer
 * list with each); only the Teams channel may call this bot, so any other issuer is refused here too.
 */
function channelOnlyClaims(): AuthenticationConfiguration {
  return new AuthenticationConfiguration([], async (claims: Claim[]) => {
    const issuer = claims.find((claim) => claim.type === 'iss')?.value;
    if (issuer !== 'https://api.botframework.com') throw new AuthenticationError('Unauthorized', 401);
  });
}

/**
 * Test harness only (config accepts BOT_OPENID_METADATA_URL with NODE_ENV=test alone): lets botbuilder's
 * own token check, the second layer behind bot/teams/inbound-auth.ts, use a local fake's signing keys.
 * Setting any of these keys switches botbuilder to "parameterized" mode, where every key left out
 * becomes undefined, so all of them are given, with Microsoft's public-cloud values
 * (botframework-connector AuthenticationConstants) except the channel metadata URL.
 */
export function fakeIssuerSettings(metadataUrl: string): Record<string, string | boolean> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  };
}

// ---- connector HTTP without hidden retries ---------------------------------------------------------

/** Total time one connector call may take (the SDK has no timeout of its own). */
const CONNECTOR_TIMEOUT_MS = 15_000;

type ConnectorOptions = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]>;

/** The parts of the SDK's request object (core-http "WebResourceLike") this client reads. */
interface OutgoingRequest {
  url: string;
  method: string;
  headers: { toJson(options?: { preserveCase?: boolean }): Record<string, string> };
  body?: unknown;
  abortSignal?: AbortSignal;
}

/** Response headers in the shape the SDK's compatibility layer reads. */
class ResponseHeaders {
  private readonly map = new Map<string, { name: string; value: string }>();
  constructor(raw: Record<string, string | string[] | undefined>) {
    for (const [name, value] of Object.entries(raw))
      if (value !== undefined) this.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  set(name: string, value: string | number): void {
    this.map.set(name.toLowerCase(), { name, value: String(value) });
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.value;
  }
  contains(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  remove(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }
  rawHeaders(): Record<string, string> {
    return this.toJson();
  }
  headersArray(): Array<{ name: string; value: string }> {
    return [...this.map.values()];
  }
  headerNames(): string[] {
    return [...this.map.values()].map((h) => h.name);
  }
  headerValues(): string[] {
    return [...this.map.values()].map((h) => h.value);
  }
  clone(): ResponseHeaders {
    return new ResponseHeaders(this.toJson({ preserveCase: true }));
  }
  toJson(options: { preserveCase?: boolean } = {}): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, { name, value }] of this.map) out[options.preserveCase ? name : key] = value;
    return out;
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
function retryAfterSeconds(value: string | string[] | undefined): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : null;
}

/** Teams' error code from a connector error body ({"error":{"code":"…"}}), if any. */
function subCodeOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown }; code?: unknown };
    const code = parsed.error?.code ?? parsed.code;
    return typeof code === 'string' && /^[\w.-]{1,80}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}

/**
 * The connector client's HTTP layer. The SDK's pipeline (Azure core) silently retries a 429 that has
 * Retry-After and 5xx/408/network errors up to 3 times; retries of a non-idempotent POST can double-post
 * and they hide throttling from our outbox, which paces and retries itself. The pipeline only retries
 * responses and RestErrors, so this client answers every non-2xx with a DeliveryError (status,
 * Retry-After, Teams sub-code) and lets network errors through as they are: one call, one request.
 * It also gives every call a total timeout.
 */
export function connectorHttpClient(timeoutMs = CONNECTOR_TIMEOUT_MS) {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  return {
    dispatcher,
    async sendRequest(request: OutgoingRequest) {
      // The total timeout as AbortSignal.timeout(timeoutMs) gives it (the same TimeoutError), but cleared
      // when the call ends: AbortSignal.timeout's timer stays armed for the whole 15 s after the call
      // returns — thousands of them at a few hundred replies a second, ~12 µs per call measured.
      const timeout = new AbortController();
      const timer = setTimeout(
        () => timeout.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
        timeoutMs,
      );
      timer.unref();
      const signal = request.abortSignal ? AbortSignal.any([request.abortSignal, timeout.signal]) : timeout.signal;
      try {
        return await send(request, signal);
      } finally {
        clearTimeout(timer);
      }
    },
  };

  async function send(request: OutgoingRequest, signal: AbortSignal) {
    const body =
      typeof request.body === 'string' || request.body instanceof Uint8Array
        ? request.body
        : request.body === undefined || request.body === null
          ? undefined
          : JSON.stringify(request.body);
    const response = await httpRequest(request.url, {
      method: request.method.toUpperCase() as 'GET',
      headers: request.headers.toJson({ preserveCase: true }),
      ...(body !== undefined ? { body } : {}),
      signal,
      dispatcher,
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new DeliveryError(response.statusCode, retryAfterSeconds(response.headers['retry-after']), subCodeOf(text));
    }
    return { request, status: response.statusCode, headers: new ResponseHeaders(response.headers), bodyAsText: text };
  }
}

function connectorClientOptions(): ConnectorOptions {
  const { dispatcher: _dispatcher, ...httpClient } = connectorHttpClient();
  return { httpClient } as unknown as ConnectorOptions;
}

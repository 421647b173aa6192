/**
 * botbuilder's CloudAdapter asks its BotFrameworkAuthentication, on every turn, for a connector factory
 * and a user-token client, and the factory builds a new ConnectorClient for the turn: new credentials,
 * a new MSAL client application behind them, and a whole Azure HTTP pipeline (policies, sanitizer,
 * proxy settings read from the environment) — and the same again for the token client. None of that
 * depends on the turn: only on the bot's app id, the channel's serviceUrl and the outbound audience.
 * This wrapper keeps those clients and hands the same ones to every turn that needs the same thing.
 *
 * What does not change: the inbound request is authenticated by the wrapped object exactly as before
 * (every check, every turn); the clients are the ones it would build (its own factories make them, once);
 * an outbound call still takes its token from botbuilder's process-wide token cache at send time, so a
 * refreshed token is used as soon as botbuilder has it. A failed creation is not remembered.
 */
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { LruCache } from '../lru-cache.js';

/** The channel's serviceUrls are few (and on an allow-list); the bound only keeps a mistake from growing. */
const DEFAULT_MAX_CLIENTS = 64;

/**
 * The app id botbuilder's own factory is made for (the audience claim, else the appid claim), as a key:
 * none at all (local mode's anonymous identity) is kept apart from an empty one.
 */
function appIdKey(claimsIdentity: ClaimsIdentity): string {
  const appId =
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim);
  return appId === null || appId === undefined ? 'none' : `id:${appId}`;
}

/** A promise shared by concurrent callers; forgotten if it fails, so the next caller tries afresh. */
function remembered<T>(cache: LruCache<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  const created = create();
  cache.set(key, created);
  created.catch(() => {
    if (cache.get(key) === created) cache.delete(key);
  });
  return created;
}

/** A connector factory for one app id that builds each (serviceUrl, audience) client once. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly clients: LruCache<string, Promise<ConnectorClient>>,
    private readonly appId: string,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return remembered(this.clients, `${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.inner.create(serviceUrl, audience));
  }
}

export interface ReusingAuthenticationOptions {
  /** Most connector clients kept (app id × serviceUrl × audience). */
  maxClients?: number;
}

export class ReusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients: LruCache<string, Promise<ConnectorClient>>;
  private readonly factories = new Map<string, ReusingConnectorFactory>();
  private readonly userTokenClients: LruCache<string, Promise<UserTokenClient>>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    options: ReusingAuthenticationOptions = {},
  ) {
    super();
    this.connectorClients = new LruCache(options.maxClients ?? DEFAULT_MAX_CLIENTS);
    this.userTokenClients = new LruCache(options.maxClients ?? DEFAULT_MAX_CLIENTS);
  }

  /** One reusing factory per app id, wrapping the first factory botbuilder made for that app id. */
  private factoryFor(claimsIdentity: ClaimsIdentity, make: () => ConnectorFactory | undefined): ReusingConnectorFactory | undefined {
    const appId = appIdKey(claimsIdentity);
    const known = this.factories.get(appId);
    if (known) return known;
    const inner = make();
    if (!inner) return undefined;
    // The app ids are the bot's own (a verified token's audience, or the id the app passes for proactive
    // sends); the map cannot grow past a handful.
    const factory = new ReusingConnectorFactory(inner, this.connectorClients, appId);
    this.factories.set(appId, factory);
    return factory;
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    const connectorFactory = this.factoryFor(result.claimsIdentity, () => result.connectorFactory);
    return connectorFactory ? { ...result, connectorFactory } : result;
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.factoryFor(claimsIdentity, () => this.inner.createConnectorFactory(claimsIdentity))!;
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return remembered(this.userTokenClients, appIdKey(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

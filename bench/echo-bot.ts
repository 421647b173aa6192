/**
 * The benchmark baseline: the barest botbuilder bot on the same stack as the app — restify 11 with the
 * same body parser limit, CloudAdapter with the same single-tenant auth settings (channel tokens
 * verified by botbuilder against the same OpenID metadata) — that answers every message with one
 * reply through the connector. No inbound guard, no de-duplication, no database, no features: the
 * difference to the app is what the app's own work costs.
 */
import type { AddressInfo } from 'node:net';
import restify, { type Request, type Response, type Server } from 'restify';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';

export interface EchoBotOptions {
  appId: string;
  tenantId: string;
  password: string;
  /** OpenID metadata of the (fake) channel issuer. */
  metadataUrl: string;
  port?: number;
}

export interface RunningEchoBot {
  url: string;
  stop(): Promise<void>;
}

class EchoHandler extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

export async function startBenchEchoBot(options: EchoBotOptions): Promise<RunningEchoBot> {
  // The same keys bot/teams/adapter.ts passes with BOT_OPENID_METADATA_URL set.
  const settings = {
    MicrosoftAppId: options.appId,
    MicrosoftAppPassword: options.password,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: options.tenantId,
    ToBotFromChannelOpenIdMetadataUrl: options.metadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  };
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings)),
  );
  adapter.onTurnError = async () => undefined;
  const handler = new EchoHandler();

  const server: Server = restify.createServer({ name: 'bench-echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 512 * 1024, rejectUnknown: true }));
  server.post('/api/messages', async (req: Request, res: Response) => {
    try {
      await adapter.process(req, res, (context) => handler.run(context));
    } catch {
      if (!res.headersSent) res.send(500);
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

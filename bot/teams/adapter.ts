import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { errorCodeOf } from '../errors.js';
import { errorMessage } from '../i18n/core.js';
import { langFromLocale } from '../i18n/index.js';

/**
 * The Bot Framework adapter. In production mode it validates every inbound token with the bot's
 * single-tenant (or managed identity) registration; local mode has no credentials and is reachable
 * from loopback only (enforced in server.ts), which is how the Agents Playground talks to it.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const settings = config.mode === 'production'
    ? {
        MicrosoftAppId: config.MICROSOFT_APP_ID,
        MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD,
        MicrosoftAppType: config.MICROSOFT_APP_TYPE,
        MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID,
        ...(config.BOT_OPENID_METADATA_URL ? fakeIssuerSettings(config.BOT_OPENID_METADATA_URL) : {}),
      }
    : {};
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials);
  const adapter = new CloudAdapter(auth);

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
 * Test harness only (config accepts BOT_OPENID_METADATA_URL with NODE_ENV=test alone): lets botbuilder's
 * own token check, the second layer behind bot/teams/inbound-auth.ts, use a local fake's signing keys.
 * Setting any of these keys switches botbuilder to "parameterized" mode, where every key left out
 * becomes undefined, so all of them are given, with Microsoft's public-cloud values
 * (botframework-connector AuthenticationConstants) except the channel metadata URL.
 */
function fakeIssuerSettings(metadataUrl: string): Record<string, string | boolean> {
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

/**
 * A tiny Bot Framework bot (botbuilder CloudAdapter + restify 11) used only to develop and verify the
 * Agents Playground harness (test/helpers/playground.ts). It is deliberately dumb and predictable:
 *
 * - installationUpdate "add"                → text `ECHO_GREETING`
 * - message with text                        → "Echo: <text without the @mention>" plus an Adaptive Card
 *                                              with one Action.Execute (verb `ECHO_VERB`) and one
 *                                              Action.Submit button
 * - message with value (Action.Submit)       → "Submitted: <JSON of value>"
 * - invoke adaptiveCard/action               → an updated card "Updated: <verb> <JSON of data>"
 * - a message containing `ECHO_FAIL_TEXT`, or an invoke with verb `ECHO_FAIL_VERB` → HTTP 500 without
 *   running the turn (a crashing bot, to test how failures are reported)
 *
 * Replies use context.sendActivity, which addresses the incoming conversation id: for a channel post
 * that id is the thread (`<channelId>;messageid=<root>`), so channel replies land in the thread and
 * carry replyToId = the root activity's id.
 *
 * Runs without credentials (the Playground sends no JWT) and listens on 127.0.0.1 only.
 */
import type { AddressInfo } from 'node:net';
import restify, { type Server } from 'restify';
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';

export const ECHO_GREETING = 'Hello! I am the echo bot. Say something and I will echo it.';
export const ECHO_VERB = 'echo.update';
export const ECHO_FAIL_TEXT = 'please fail';
export const ECHO_FAIL_VERB = 'echo.fail';

export interface EchoBot {
  /** Messaging endpoint to give the Playground, e.g. http://127.0.0.1:PORT/api/messages. */
  endpoint: string;
  port: number;
  /** Every activity the bot received, in order (for assertions on what the Playground sent). */
  received: Partial<Activity>[];
  /** Errors raised while processing a turn (the bot answers 500 for those). */
  errors: Error[];
  close(): Promise<void>;
}

/** The card the bot sends with each echo; `text` is shown and round-trips in the action data. */
export function echoCard(text: string): Record<string, unknown> {
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: `You said: ${text}`, wrap: true }],
    actions: [
      { type: 'Action.Execute', title: 'Update', verb: ECHO_VERB, data: { text } },
      { type: 'Action.Submit', title: 'Submit', data: { kind: 'echo.submit', text } },
    ],
  };
}

/** The card returned from an Action.Execute invoke. */
export function updatedCard(verb: string, data: unknown): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: `Updated: ${verb} ${JSON.stringify(data ?? null)}`, wrap: true }],
  };
}

class EchoHandler extends TeamsActivityHandler {
  constructor() {
    super();
    this.onInstallationUpdateAdd(async (context, next) => {
      await context.sendActivity(ECHO_GREETING);
      await next();
    });
    this.onMessage(async (context, next) => {
      const activity = context.activity;
      if (activity.value !== undefined && activity.value !== null && !activity.text) {
        await context.sendActivity(`Submitted: ${JSON.stringify(activity.value)}`);
      } else {
        // The mention text (<at>Bot</at>) must be removed via the entity, never by parsing names.
        const text = TurnContext.removeRecipientMention(activity)?.trim() ?? '';
        const reply = MessageFactory.attachment(CardFactory.adaptiveCard(echoCard(text)), `Echo: ${text}`);
        await context.sendActivity(reply);
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    _context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: updatedCard(invokeValue.action.verb, invokeValue.action.data),
    };
  }
}

/** Starts the echo bot on 127.0.0.1 (port 0 = any free port). */
export async function startEchoBot(options: { port?: number } = {}): Promise<EchoBot> {
  // Empty credentials: CloudAdapter accepts the Playground's unauthenticated requests.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const errors: Error[] = [];
  adapter.onTurnError = async (_context, error) => {
    errors.push(error instanceof Error ? error : new Error(String(error)));
    throw error;
  };
  const handler = new EchoHandler();
  const received: Partial<Activity>[] = [];

  const server: Server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    const activity = req.body as Partial<Activity>;
    received.push(structuredClone(activity));
    if (activity.text?.includes(ECHO_FAIL_TEXT) || activity.value?.action?.verb === ECHO_FAIL_VERB) {
      res.send(500, { error: 'the echo bot was asked to fail' });
      return;
    }
    try {
      await adapter.process(req, res, (context) => handler.run(context));
    } catch (error) {
      if (!res.headersSent) res.send(500, { error: String(error) });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    port,
    received,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets from the Playground would hold close() open; end them explicitly.
        server.server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

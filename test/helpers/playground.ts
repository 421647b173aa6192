/**
 * End-to-end harness for the Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground` 0.2.28)
 * driven by playwright-core and Debian's /usr/bin/chromium, so e2e tests talk to a bot like a Teams user.
 *
 *   const pg = await startPlayground({ botEndpoint: 'http://127.0.0.1:3978/api/messages' });
 *   const client = await openClient(pg.url);
 *   const sent = await client.sendText('general', 'hello', { mentionBot: true });
 *   const reply = await client.waitForReply(sent, (a) => a.text?.startsWith('Echo') === true);
 *   const card = await client.pressButton(cardActivity, 'Update');     // or invokeAction / submitAction
 *   await client.close(); await pg.stop();
 *
 * What the Playground 0.2.28 does (read from its bundled server, dist/index.js, and observed in Chromium;
 * these are internal, unversioned routes, so re-check them when the package is upgraded):
 *
 * CLI and process
 * - `agentsplayground -e <endpoint> -c msteams --dt -p <port>`; `--conversation-id <id>` fixes the personal
 *   chat id. If the port is busy it silently falls back to a random one, and when stdout is not a TTY it
 *   prints `Listening on <port>` — the harness reads the real port from that line, never assumes it.
 * - Env: TEAMSAPPTESTER_BROWSER=none (do not open a browser), M365_AGENTS_PLAYGROUND_LOGFILE (default
 *   ./devTools/m365agentsplayground.log under cwd; console output goes only there when not a TTY),
 *   M365_AGENTS_PLAYGROUND_CONFIG_PATH (default ./.m365agentsplayground.yml under cwd; else a built-in config).
 *   The harness runs the CLI in a temporary cwd so nothing lands in the repository.
 * - No JWT is sent to the bot (run the bot with empty credentials). serviceUrl = http://localhost:<port>/_connector.
 *
 * Built-in mock world (no config file)
 * - tenant 00000000-0000-0000-0000-0000000000001; bot id 00000000-0000-0000-0000-00000000000011 "Test Bot".
 * - current ("me") user: id user-id-0, Alex Wilber, aadObjectId 00000000-0000-0000-0000-0000000000020.
 *   Five more users user-id-1..5 (Megan Bowen, Adele Vance, Isaiah Langer, Patti Fernandez, Lynne Robbins,
 *   aadObjectId …0021..…0025). A config file must list exactly five `users` plus `currentUser`.
 * - personal chat: random uuid; group chat "Group Chat": random uuid (members user-id-1..5);
 *   team "My Team" id `team-id` (aadGroupId …000031); its General channel id is the team id `team-id`;
 *   a second channel `channel-announcements-id` "Announcements".
 *
 * HTTP routes (JSON bodies)
 * - GET  /_debug/ping → "pong". GET /_internal/v1/config → {config, internalConfig} (first waits up to 15 s for
 *   the bot endpoint to answer; the page calls it on load). GET /_internal/v1/testConfig → same, no wait.
 * - POST /_conversation/v1/conversations/{conversationId}/messages
 *     {from:{id}, text, textFormat:'plain'|'markdown'|'xml', mentions?:[{mentioned:{id}, text}]}
 *     → {messageId, postConversationId?, timestamp}. The activity the bot gets is ALWAYS from the current user
 *     (from.id is only validated). In a channel (conversationId = channel id) it starts a new thread whose
 *     conversation id is `<channelId>;messageid=<messageId>` (= postConversationId); posting to a thread id
 *     replies in that thread. Only personal-chat messages and messages that mention the bot are forwarded
 *     to the bot. The page sends a mention as text `<at>Test Bot</at> …` with
 *     mentions [{mentioned:{id:<botId>, name:'Test Bot'}, text:'<at>Test Bot</at>'}]; the bot then gets
 *     entities [{type:'mention', mentioned:{id, name}, text}, {type:'clientInfo', …}] and channelData
 *     {teamsChannelId, teamsTeamId, tenant, team:{id}, channel:{id}}.
 * - POST /_conversation/v1/invoke {name:'adaptiveCard/action', value:{action:{type:'Action.Execute', title?,
 *     verb, data}}, from:{id}, conversation:{id}, replyToId:<bot message id>} → 200 {type, value} = the bot's
 *     invoke response body (e.g. type application/vnd.microsoft.card.adaptive + the new card, which also
 *     replaces the stored card; no websocket frame is sent for that). Bot failure → 502 {code, message}.
 *     `from.id` may be any mock user (the invoke then comes from that user).
 * - POST /_conversation/v1/submit {conversation:{id}, from:{id}, replyToId, value:<action data + inputs>} → 200
 *     (empty); the bot gets a message activity with `value` and replyToId, from the given user.
 * - POST /_debug/conversation/{conversationId}/installation {} → 200, then sends installationUpdate
 *     (action add, msteams only) and conversationUpdate membersAdded (bot; in personal chat also the user).
 *     The page itself POSTs this the first time a conversation is opened in the UI (personal chat on load).
 * - GET  /_internal/v1/customActivities/template?conversationId=&type= (type: install, uninstall, userAdded,
 *     userRemoved, botAdded, botRemoved, channelCreated, channelRenamed, channelDeleted, teamRenamed,
 *     teamDeleted, sendEmail, mentionInWord; none = a bare activity) → an activity; POST
 *     /_internal/v1/customActivities <activity> → 200 at once and forwards the activity verbatim to the bot.
 * - Mock connector under /_connector/v3 (what the bot calls): send/reply (POST …/activities[/{id}]), update
 *     (PUT), DELETE answers 501 (not implemented), members, pagedmembers, teams/{id}, teams/{id}/conversations,
 *     POST /v3/conversations (proactive). A bot message with text AND attachments is split into several
 *     messages: the text first, then one per attachment (ids `<ts>` and `<ts>-<8 hex>`). Updating an activity
 *     with more than one attachment is rejected.
 *
 * Websockets (the page's only view of the bot; recorded here from Chromium via page.on('websocket'))
 * - ws /_ws_conversation/v1/conversations/stream frames (JSON):
 *     {action:'createMessage'|'updateMessage', actionConversationId, message:{messageId, timestamp, from:{id},
 *      text?, textFormat?, attachments:[{contentType, content}], attachmentLayout, mentions, suggestedActions?,
 *      postConversationId?}} and {action:'typing', actionConversationId}. A bot post that starts a channel
 *     thread has actionConversationId = channel id and postConversationId = thread id; replies in a thread
 *     have actionConversationId = thread id. Frames are buffered server-side while no page is connected and
 *     broadcast to every connected page. User messages are not echoed back.
 * - ws /_ws/log/stream frames {logAction:'appendLog', log:{type:'bot'|'text', activityName, from, to,
 *     request:{body}, response:{statusCode, body}, displayText, …}} — the log panel; used here to explain
 *     failures (e.g. the bot answered 500).
 * - The activity the bot receives carries a fresh GUID as `id`, not the Playground message id; the bot's reply
 *   has replyToId = that GUID (visible in the log entry of the reply, see waitForLog).
 *
 * Harness choices
 * - User input goes through the same HTTP routes the page uses (fast, exact). Those posts are not shown in the
 *   page (it only renders what it sent itself); use client.ui.* to type and click in the real UI when the
 *   screenshot should show the conversation or the card must be rendered by the real renderer.
 * - The page's own automatic installations are kept from the bot unless openClient({ autoInstall: true }).
 * - `as: <other user>`: messages are built from the custom-activity template and posted verbatim (see
 *   SendOptions.as); invoke/submit take from.id natively but the user must be a member of the conversation
 *   (personal chat: only the current user; group chat and team: all six).
 * - All requests from the page to non-loopback hosts (Office CDN fonts) are aborted: runs offline.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type WebSocket as PwWebSocket } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** True when Debian's chromium is installed (e2e suites skip or fail on this). */
export function chromiumAvailable(executablePath = CHROMIUM_PATH): boolean {
  return existsSync(executablePath);
}

export {
  startPlayground,
  freePort,
  playgroundCliPath,
  DEFAULT_PLAYGROUND_PORT,
  type StartPlaygroundOptions,
  type Playground,
} from '../../dev/playground.js';
import { sleep, withTimeout } from '../../dev/playground.js';

// ---------------------------------------------------------------------------------------------------------
// Client (Chromium page + the Playground's HTTP routes)
// ---------------------------------------------------------------------------------------------------------

/** Untyped JSON from the Playground (frames, cards, activities); tests navigate it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface MockUser {
  id: string;
  name: string;
  aadObjectId: string;
  userPrincipalName?: string;
  email?: string;
  givenName?: string;
  surname?: string;
}

export interface PlaygroundConversations {
  tenantId: string;
  bot: { id: string; name: string };
  /** The user the page acts as (default Alex Wilber, user-id-0). */
  me: MockUser;
  /** The five other mock users. */
  users: MockUser[];
  personal: string;
  group: string;
  /** General channel conversation id (= the team id). */
  general: string;
  team: { id: string; name: string; aadGroupId?: string };
  channels: Array<{ id: string; name: string }>;
}

/** A conversation: an id, or 'personal' | 'group' | 'general' for the built-in ones. */
export type ConversationRef = 'personal' | 'group' | 'general' | (string & {});

export interface Attachment {
  contentType: string;
  content?: Json;
}

/** A message the bot sent (or updated), as the page received it over the websocket. */
export interface BotActivity {
  /** 1-based arrival order among recorded bot activities (usable as a cursor). */
  seq: number;
  kind: 'create' | 'update';
  /** The Playground's message id: pass it as replyToId (invokeAction/submitAction do). */
  id: string;
  /** Where the message is stored: the chat id, or for channels the thread id `<channel>;messageid=<root>`. */
  conversationId: string;
  /** The frame's actionConversationId (the channel id for a new thread root, else = conversationId). */
  frameConversationId: string;
  /** True when this message started a new channel thread. */
  isThreadRoot: boolean;
  fromId: string;
  text?: string;
  textFormat?: string;
  attachments: Attachment[];
  /** Contents of the Adaptive Card attachments. */
  cards: Json[];
  suggestedActions?: unknown;
  mentions: unknown[];
  timestamp: number;
  receivedAt: number;
  raw: unknown;
}

export interface SentMessage {
  /** Cursor: number of bot activities recorded before this was sent. */
  seq: number;
  /** The conversation posted to. */
  conversationId: string;
  messageId: string;
  /** Set when the post started a new channel thread. */
  postConversationId?: string;
  /** Where the bot's reply should land: the thread for channel posts, else the conversation itself. */
  replyConversationId: string;
  sentAt: number;
}

export interface InvokeResult {
  status: number;
  /** Invoke response type, e.g. application/vnd.microsoft.card.adaptive or application/vnd.microsoft.activity.message. */
  type?: string;
  value?: Json;
  durationMs: number;
}

/** One entry of the Playground's log panel. */
export interface LogItem {
  receivedAt: number;
  /** 'toBot': the Playground posted an activity to the bot; 'fromBot': the bot called the mock connector. */
  direction?: 'toBot' | 'fromBot';
  /** Activity type of the request, e.g. message, invoke, installationUpdate. */
  activityName?: string;
  /** HTTP status of the answer (the bot's for 'toBot', the Playground's for 'fromBot'). */
  statusCode?: number;
  /** The activity that was sent (request body). */
  activity?: Json;
  responseBody?: Json;
  /** Plain log text (connection notices, warnings). */
  text?: string;
  raw: Json;
}

function toLogItem(raw: Json): LogItem {
  const log = raw?.log ?? {};
  const direction =
    log.type === 'bot' ? (log.to === 'User Application' ? 'toBot' : log.from === 'User Application' ? 'fromBot' : undefined) : undefined;
  return {
    receivedAt: Date.now(),
    direction,
    activityName: log.activityName,
    statusCode: log.response?.statusCode,
    activity: log.request?.body,
    responseBody: log.response?.body,
    text: log.type === 'bot' ? undefined : log.displayText,
    raw,
  };
}

export interface OpenClientOptions {
  executablePath?: string;
  /**
   * The page POSTs an installation the first time a conversation is opened in the UI (the personal
   * chat right on load). Default false: those are answered locally and never reach the bot, so a test
   * sees an installation only when it calls client.install().
   */
  autoInstall?: boolean;
  /** Default timeout for waits; default 15 s. */
  timeoutMs?: number;
  /** Timeout for each HTTP call to the Playground; default 20 s (an invoke waits for the bot). */
  requestTimeoutMs?: number;
  /** Time allowed to launch Chromium and load the page; default 60 s. */
  launchTimeoutMs?: number;
  viewport?: { width: number; height: number };
}

export interface SendOptions {
  /** Mention the bot; default true in group chats and channels (else the bot gets nothing), false in personal chat. */
  mentionBot?: boolean;
  /**
   * Send as another mock user (id, aadObjectId or display name). The Playground's message route always
   * sends as the current user, so this builds the activity itself and posts it through the custom
   * activity route; in a channel the thread root is first created (unforwarded) through the message route.
   */
  as?: string;
  textFormat?: 'plain' | 'markdown' | 'xml';
}

export interface ActionOptions {
  /** Act as another mock user (id, aadObjectId or display name). */
  as?: string;
  timeoutMs?: number;
}

export type WaitPredicate = (activity: BotActivity) => boolean;

export interface WaitOptions {
  timeoutMs?: number;
  /** Only consider activities with seq greater than this cursor (e.g. client.cursor() or sent.seq). */
  since?: number;
  /** Shown in the timeout error. */
  description?: string;
}

export interface UiDriver {
  /** Clicks the conversation in the left rail. */
  openConversation(conversation: ConversationRef): Promise<void>;
  /** Types into the composer (chat) or the "Start a new post" box (channel), like a user, and sends. */
  sendText(conversation: ConversationRef, text: string, options?: { mentionBot?: boolean }): Promise<SentMessage>;
  /** Clicks a rendered card button (the last one with this title in the open conversation). */
  clickButton(title: string, options?: { timeoutMs?: number }): Promise<{ route: 'invoke' | 'submit'; status: number; body: Json }>;
}

export interface PlaygroundClient {
  readonly page: Page;
  /** Every bot message recorded so far, in order. */
  readonly activities: readonly BotActivity[];
  /** Every conversation-websocket frame (including typing), parsed. */
  readonly frames: readonly unknown[];
  /** Log-panel entries (bot requests/responses), parsed. */
  readonly logs: readonly LogItem[];
  /** Installation POSTs the page made on its own and that were kept from the bot (autoInstall false). */
  readonly suppressedInstalls: readonly string[];
  readonly ui: UiDriver;
  conversations(): Promise<PlaygroundConversations>;
  /** The current cursor: pass it as `since` to ignore what already arrived. */
  cursor(): number;
  sendText(conversation: ConversationRef, text: string, options?: SendOptions): Promise<SentMessage>;
  waitForActivity(predicate: WaitPredicate, timeoutMsOrOptions?: number | WaitOptions): Promise<BotActivity>;
  /** Waits for a log-panel entry, e.g. the bot's outgoing reply (direction 'fromBot') to inspect replyToId. */
  waitForLog(predicate: (item: LogItem) => boolean, timeoutMs?: number): Promise<LogItem>;
  /** The first bot activity after `sent` in its reply conversation (thread) that matches `predicate`. */
  waitForReply(sent: SentMessage, predicate?: WaitPredicate, timeoutMs?: number): Promise<BotActivity>;
  /** Action.Execute: sends adaptiveCard/action for the card in `activity` and returns the invoke response. */
  invokeAction(activity: BotActivity, verb: string, data?: unknown, options?: ActionOptions & { title?: string }): Promise<InvokeResult>;
  /**
   * Any other invoke through the Playground's invoke route, e.g. the message-extension invokes
   * composeExtension/query and composeExtension/queryLink (the Playground's own names) or selectItem.
   */
  invoke(
    name: string,
    value: unknown,
    conversation: ConversationRef,
    options?: ActionOptions,
  ): Promise<{ status: number; body: Json; durationMs: number }>;
  /** Action.Submit: the bot gets a message with `value` = data. Returns a cursor for waitForActivity. */
  submitAction(activity: BotActivity, data: Record<string, unknown>, options?: ActionOptions): Promise<{ seq: number }>;
  /** Finds a button by title in the activity's card(s) and presses it (Execute → invoke, Submit → submit). */
  pressButton(
    activity: BotActivity,
    title: string,
    options?: ActionOptions & { inputs?: Record<string, unknown> },
  ): Promise<{ kind: 'execute'; result: InvokeResult } | { kind: 'submit'; seq: number }>;
  /** Fires installationUpdate(add) + conversationUpdate(membersAdded) like installing the app. */
  install(conversation: ConversationRef): Promise<{ seq: number }>;
  /** Sends one of the Playground's mock events (uninstall, userAdded, channelRenamed, …) with optional overrides. */
  fireEvent(conversation: ConversationRef, type: string, overrides?: Record<string, unknown>): Promise<{ seq: number }>;
  /** Sends a raw activity to the bot through the custom-activity route. */
  sendActivity(activity: Record<string, unknown>): Promise<{ seq: number }>;
  screenshot(filePath: string): Promise<void>;
  close(): Promise<void>;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function describeActivity(a: BotActivity): string {
  const text = a.text === undefined ? '' : ` text=${JSON.stringify(a.text.length > 120 ? `${a.text.slice(0, 117)}...` : a.text)}`;
  const atts = a.attachments.length ? ` attachments=[${a.attachments.map((x) => x.contentType).join(', ')}]` : '';
  return `#${a.seq} ${a.kind} conv=${a.conversationId} id=${a.id}${text}${atts}`;
}

function describeLog(item: LogItem): string | null {
  if (item.direction) {
    const arrow = item.direction === 'toBot' ? 'Playground -> bot' : 'bot -> Playground';
    const status = item.statusCode ?? '?';
    const failure =
      typeof item.statusCode === 'number' && item.statusCode >= 400 ? ` ${JSON.stringify(item.responseBody ?? '').slice(0, 300)}` : '';
    const text = typeof item.activity?.text === 'string' ? ` ${JSON.stringify(item.activity.text.slice(0, 80))}` : '';
    return `${arrow}: ${item.activityName ?? '?'} ${status}${text}${failure}`;
  }
  return item.text ? `${item.raw?.log?.level ?? 'info'}: ${item.text}` : null;
}

function toBotActivity(frame: Json, seq: number): BotActivity | null {
  if (!frame || (frame.action !== 'createMessage' && frame.action !== 'updateMessage')) return null;
  const message = frame.message ?? {};
  const attachments: Attachment[] = Array.isArray(message.attachments) ? message.attachments : [];
  const frameConversationId = String(frame.actionConversationId ?? '');
  const post = typeof message.postConversationId === 'string' ? message.postConversationId : undefined;
  return {
    seq,
    kind: frame.action === 'createMessage' ? 'create' : 'update',
    id: String(message.messageId),
    conversationId: post ?? frameConversationId,
    frameConversationId,
    isThreadRoot: post !== undefined,
    fromId: String(message.from?.id ?? ''),
    text: typeof message.text === 'string' ? message.text : undefined,
    textFormat: message.textFormat,
    attachments,
    cards: attachments.filter((a) => a.contentType?.toLowerCase() === ADAPTIVE_CARD).map((a) => a.content),
    suggestedActions: message.suggestedActions,
    mentions: Array.isArray(message.mentions) ? message.mentions : [],
    timestamp: Number(message.timestamp ?? Date.now()),
    receivedAt: Date.now(),
    raw: frame,
  };
}

/** Finds an action by title anywhere in a card (actions, ActionSets, selectAction, showCard cards). */
export function findCardAction(card: unknown, title: string): Record<string, Json> | undefined {
  const seen = new Set<unknown>();
  const visit = (node: unknown): Record<string, Json> | undefined => {
    if (!node || typeof node !== 'object' || seen.has(node)) return undefined;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) {
        const found = visit(item);
        if (found) return found;
      }
      return undefined;
    }
    const record = node as Record<string, Json>;
    if (typeof record.type === 'string' && record.type.startsWith('Action.') && record.title === title) return record;
    for (const value of Object.values(record)) {
      const found = visit(value);
      if (found) return found;
    }
    return undefined;
  };
  return visit(card);
}

interface RawConfig {
  config: {
    tenantId: string;
    bot: { id: string; name: string };
    currentUser: Json;
    users: Json[];
    personalChat: { id: string };
    groupChats: Array<{ id: string; name: string }>;
    teams: Array<{ id: string; name: string; aadGroupId?: string; channels: Array<{ id: string; name: string }> }>;
  };
}

function toUser(raw: Json): MockUser {
  return {
    id: raw.id,
    name: raw.name,
    aadObjectId: raw.aadObjectId,
    userPrincipalName: raw.userPrincipleName, // sic: the Playground's config key
    email: raw.email,
    givenName: raw.givenName,
    surname: raw.surname,
  };
}

/**
 * Reads the mock world (users, conversation ids) of a running Playground; needs no browser.
 * Uses /_internal/v1/testConfig: the same body as /_internal/v1/config without its 15 s wait for the bot.
 */
export async function readPlaygroundConfig(playgroundUrl: string, timeoutMs = 20_000): Promise<PlaygroundConversations> {
  const route = `${playgroundUrl.replace(/\/+$/, '')}/_internal/v1/testConfig`;
  let body: Json;
  try {
    const response = await fetch(route, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    body = await response.json();
  } catch (error) {
    throw new Error(`Could not read the Playground config from ${route}: ${(error as Error).message}`, { cause: error });
  }
  const config = (body as RawConfig).config;
  const team = config?.teams?.[0];
  const group = config?.groupChats?.[0];
  if (!team || !group) throw new Error(`Unexpected Playground config: ${JSON.stringify(body).slice(0, 500)}`);
  const general = team.channels.find((c) => c.id === team.id) ?? team.channels[0];
  return {
    tenantId: config.tenantId,
    bot: { id: config.bot.id, name: config.bot.name },
    me: toUser(config.currentUser),
    users: config.users.map(toUser),
    personal: config.personalChat.id,
    group: group.id,
    general: general?.id ?? team.id,
    team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId },
    channels: team.channels.map((c) => ({ id: c.id, name: c.name })),
  };
}

/** Launches Chromium, opens the Playground page and starts recording what the bot sends. */
export async function openClient(playgroundUrl: string, options: OpenClientOptions = {}): Promise<PlaygroundClient> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!chromiumAvailable(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath} (Debian: apt-get install -y chromium)`);
  }
  const defaultTimeout = options.timeoutMs ?? 15_000;
  const requestTimeout = options.requestTimeoutMs ?? 20_000;
  const launchTimeout = options.launchTimeoutMs ?? 60_000;
  const baseUrl = playgroundUrl.replace(/\/+$/, '');

  const activities: BotActivity[] = [];
  const frames: unknown[] = [];
  const logs: LogItem[] = [];
  const suppressedInstalls: string[] = [];
  const pageErrors: string[] = [];
  const waiters = new Set<{ check(): void; cancel(reason: Error): void }>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter.check();
  };
  const logWaiters = new Set<{ check(): void; cancel(reason: Error): void }>();
  const notifyLog = () => {
    for (const waiter of [...logWaiters]) waiter.check();
  };

  const userDataDir = await mkdtemp(path.join(tmpdir(), 'playground-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 900 },
      timeout: launchTimeout,
    });
    // Offline by design: the UI's CDN fonts/animations would only time out; keep every request local.
    await context.route(/^https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/]|\[::1\][:/])/, (route) => route.abort());
    if (!options.autoInstall) {
      await context.route(/\/_debug\/conversation\/[^/]+\/installation$/, async (route) => {
        suppressedInstalls.push(decodeURIComponent(route.request().url().split('/_debug/conversation/')[1]?.split('/')[0] ?? ''));
        await route.fulfill({ status: 200, body: '' });
      });
    }
  } catch (error) {
    await context?.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`Could not launch Chromium (${executablePath}): ${(error as Error).message}`, { cause: error });
  }
  const ctx = context;
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(defaultTimeout);
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const seenPayloads = new Set<string>();
  let conversationSocketOpen: () => void = () => undefined;
  const conversationSocket = new Promise<void>((resolve) => (conversationSocketOpen = resolve));
  page.on('websocket', (ws: PwWebSocket) => {
    const url = ws.url();
    if (url.includes('/_ws_conversation/')) {
      conversationSocketOpen();
      ws.on('framereceived', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : payload.toString('utf8');
        // After a page error the Playground opens a second conversation socket without closing the first,
        // and each frame then arrives once per socket: keep one copy (frames carry ids, so real repeats differ).
        if (seenPayloads.has(text)) return;
        seenPayloads.add(text);
        let frame: unknown;
        try {
          frame = JSON.parse(text);
        } catch {
          return;
        }
        frames.push(frame);
        const activity = toBotActivity(frame, activities.length + 1);
        if (activity?.kind === 'update') {
          // updateMessage frames carry no postConversationId: take the thread from the original message.
          const original = activities.find((a) => a.kind === 'create' && a.id === activity.id);
          if (original) {
            activity.conversationId = original.conversationId;
            activity.isThreadRoot = original.isThreadRoot;
          }
        }
        if (activity) activities.push(activity);
        notify();
      });
    } else if (url.includes('/_ws/log/')) {
      ws.on('framereceived', ({ payload }) => {
        try {
          logs.push(toLogItem(JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'))));
          notifyLog();
        } catch {
          // not JSON: ignore
        }
      });
    }
  });

  try {
    const configLoaded = page.waitForResponse((r) => r.url().includes('/_internal/v1/config'), { timeout: launchTimeout });
    await page.goto(`${baseUrl}/`, { timeout: launchTimeout });
    await configLoaded;
    await withTimeout(conversationSocket, launchTimeout, 'the page did not open its conversation websocket');
  } catch (error) {
    await ctx.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`Could not open the Playground page at ${baseUrl}: ${(error as Error).message}`, { cause: error });
  }

  // ---- HTTP helpers ----
  async function call(
    method: 'GET' | 'POST',
    route: string,
    body?: unknown,
    timeoutMs = requestTimeout,
  ): Promise<{ status: number; body: Json }> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${route}`, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String(error);
      throw new Error(`Playground ${method} ${route} failed: ${reason}`, { cause: error });
    }
    const text = await response.text();
    let parsed: Json = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep text
    }
    if (!response.ok) {
      const hint = /UserNotFound/.test(text)
        ? ' (the acting user is not a member of that conversation: the personal chat has only the current user; the group chat and the team have all six)'
        : '';
      throw new Error(`Playground ${method} ${route} answered ${response.status}: ${text.slice(0, 800)}${hint}\n${recentLogs()}`);
    }
    return { status: response.status, body: parsed };
  }

  function recentLogs(count = 8): string {
    const lines = logs
      .map(describeLog)
      .filter((x): x is string => x !== null)
      .slice(-count);
    return lines.length ? `Recent Playground log:\n  ${lines.join('\n  ')}` : 'Playground log: (empty)';
  }

  let configCache: PlaygroundConversations | undefined;
  async function conversations(): Promise<PlaygroundConversations> {
    configCache ??= await readPlaygroundConfig(baseUrl, requestTimeout);
    return configCache;
  }

  async function resolveConversation(ref: ConversationRef): Promise<string> {
    const c = await conversations();
    if (ref === 'personal') return c.personal;
    if (ref === 'group') return c.group;
    if (ref === 'general') return c.general;
    return ref;
  }

  async function conversationKind(id: string): Promise<'personal' | 'group' | 'channel' | 'thread'> {
    const c = await conversations();
    if (id === c.personal) return 'personal';
    if (id === c.group) return 'group';
    if (c.channels.some((ch) => ch.id === id)) return 'channel';
    if (id.includes(';messageid=')) return 'thread';
    return 'personal'; // a proactive 1:1 chat created by the bot
  }

  async function resolveUser(ref: string | undefined): Promise<MockUser> {
    const c = await conversations();
    if (ref === undefined) return c.me;
    const all = [c.me, ...c.users];
    const user = all.find((u) => u.id === ref || u.aadObjectId === ref || u.name.toLowerCase() === ref.toLowerCase());
    if (!user) throw new Error(`No mock user "${ref}"; known: ${all.map((u) => `${u.name} (${u.id})`).join(', ')}`);
    return user;
  }

  function channelDataFor(c: PlaygroundConversations, conversationId: string): Record<string, unknown> {
    const channelId = conversationId.split(';')[0] ?? conversationId;
    const isChannel = c.channels.some((ch) => ch.id === channelId);
    return isChannel
      ? {
          teamsChannelId: channelId,
          teamsTeamId: c.team.id,
          tenant: { id: c.tenantId },
          team: { id: c.team.id },
          channel: { id: channelId },
        }
      : { tenant: { id: c.tenantId } };
  }

  // ---- waiting ----
  async function waitForActivity(predicate: WaitPredicate, timeoutMsOrOptions?: number | WaitOptions): Promise<BotActivity> {
    const opts: WaitOptions = typeof timeoutMsOrOptions === 'number' ? { timeoutMs: timeoutMsOrOptions } : (timeoutMsOrOptions ?? {});
    const timeoutMs = opts.timeoutMs ?? defaultTimeout;
    const since = opts.since ?? 0;
    const find = () => activities.find((a) => a.seq > since && predicate(a));
    const immediate = find();
    if (immediate) return immediate;
    return new Promise<BotActivity>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const considered = activities.filter((a) => a.seq > since);
        const list = considered.length ? considered.map((a) => `  ${describeActivity(a)}`).join('\n') : '  (none)';
        const errors = pageErrors.length ? `\nPage errors: ${pageErrors.slice(-3).join(' | ')}` : '';
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for a bot activity${opts.description ? ` (${opts.description})` : ''}` +
              `${since ? ` after #${since}` : ''}. ${considered.length} arrived` +
              `${since ? ` (${since} earlier ones not considered)` : ''}:\n${list}\n${recentLogs()}${errors}`,
          ),
        );
      }, timeoutMs);
      const waiter = {
        check,
        cancel: (reason: Error) => {
          cleanup();
          reject(reason);
        },
      };
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      waiters.add(waiter);
    });
  }

  async function waitForReply(sent: SentMessage, predicate: WaitPredicate = () => true, timeoutMs?: number): Promise<BotActivity> {
    return waitForActivity((a) => a.conversationId === sent.replyConversationId && predicate(a), {
      since: sent.seq,
      timeoutMs,
      description: `reply in ${sent.replyConversationId} to message ${sent.messageId}`,
    });
  }

  async function waitForLog(predicate: (item: LogItem) => boolean, timeoutMs = defaultTimeout): Promise<LogItem> {
    const immediate = logs.find(predicate);
    if (immediate) return immediate;
    return new Promise<LogItem>((resolve, reject) => {
      const waiter = {
        check: () => {
          const found = logs.find(predicate);
          if (found) {
            cleanup();
            resolve(found);
          }
        },
        cancel: (reason: Error) => {
          cleanup();
          reject(reason);
        },
      };
      const timer = setTimeout(
        () => waiter.cancel(new Error(`Timed out after ${timeoutMs} ms waiting for a Playground log entry.\n${recentLogs(15)}`)),
        timeoutMs,
      );
      const cleanup = () => {
        clearTimeout(timer);
        logWaiters.delete(waiter);
      };
      logWaiters.add(waiter);
    });
  }

  // ---- sending ----
  async function sendText(conversation: ConversationRef, text: string, options: SendOptions = {}): Promise<SentMessage> {
    const c = await conversations();
    const conversationId = await resolveConversation(conversation);
    const kind = await conversationKind(conversationId);
    const mentionBot = options.mentionBot ?? kind !== 'personal';
    const mentionText = `<at>${c.bot.name}</at>`;
    const fullText = mentionBot ? `${mentionText} ${text}` : text;
    const mentions = mentionBot ? [{ mentioned: { id: c.bot.id, name: c.bot.name }, text: mentionText }] : [];
    const seq = activities.length;
    const user = await resolveUser(options.as);

    if (user.id === c.me.id) {
      const { body } = await call('POST', `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
        from: { id: user.id },
        text: fullText,
        textFormat: options.textFormat ?? 'plain',
        ...(mentions.length ? { mentions } : {}),
      });
      const postConversationId: string | undefined = body?.postConversationId ?? undefined;
      return {
        seq,
        conversationId,
        messageId: String(body?.messageId),
        postConversationId,
        replyConversationId: postConversationId ?? conversationId,
        sentAt: Date.now(),
      };
    }

    // Another user: the message route would send it as the current user, so build the activity here.
    let targetConversation = conversationId;
    let messageId = '';
    let postConversationId: string | undefined;
    if (kind === 'channel') {
      // Create the thread root without forwarding it (no mention), so the bot's reply has a thread to go to.
      const { body } = await call('POST', `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
        from: { id: c.me.id },
        text: fullText,
        textFormat: options.textFormat ?? 'plain',
      });
      postConversationId = body?.postConversationId;
      messageId = String(body?.messageId);
      if (!postConversationId) throw new Error(`Playground did not create a thread in ${conversationId}`);
      targetConversation = postConversationId;
    }
    if (mentionBot || kind === 'personal') {
      const { body: template } = await call(
        'GET',
        `/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(targetConversation)}`,
      );
      const activity = {
        ...template,
        type: 'message',
        ...(kind === 'channel' ? { id: messageId } : {}),
        text: fullText,
        textFormat: options.textFormat ?? 'plain',
        from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
        locale: 'en-US',
        entities: [
          ...mentions.map((m) => ({ type: 'mention', mentioned: m.mentioned, text: m.text })),
          { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' },
        ],
        channelData: channelDataFor(c, targetConversation),
      };
      await call('POST', '/_internal/v1/customActivities', activity);
      if (kind !== 'channel') messageId = String(template?.id ?? '');
    }
    return { seq, conversationId, messageId, postConversationId, replyConversationId: targetConversation, sentAt: Date.now() };
  }

  async function invokeAction(
    activity: BotActivity,
    verb: string,
    data?: unknown,
    options: ActionOptions & { title?: string } = {},
  ): Promise<InvokeResult> {
    const user = await resolveUser(options.as);
    const started = Date.now();
    const { status, body } = await call(
      'POST',
      '/_conversation/v1/invoke',
      {
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', ...(options.title ? { title: options.title } : {}), verb, data: data ?? {} } },
        from: { id: user.id },
        conversation: { id: activity.conversationId },
        replyToId: activity.id,
      },
      options.timeoutMs,
    );
    return { status, type: body?.type, value: body?.value, durationMs: Date.now() - started };
  }

  async function invoke(name: string, value: unknown, conversation: ConversationRef, options: ActionOptions = {}) {
    const user = await resolveUser(options.as);
    const started = Date.now();
    const { status, body } = await call(
      'POST',
      '/_conversation/v1/invoke',
      { name, value, from: { id: user.id }, conversation: { id: await resolveConversation(conversation) } },
      options.timeoutMs,
    );
    return { status, body, durationMs: Date.now() - started };
  }

  async function submitAction(activity: BotActivity, data: Record<string, unknown>, options: ActionOptions = {}): Promise<{ seq: number }> {
    const user = await resolveUser(options.as);
    const seq = activities.length;
    await call(
      'POST',
      '/_conversation/v1/submit',
      { conversation: { id: activity.conversationId }, from: { id: user.id }, replyToId: activity.id, value: data },
      options.timeoutMs,
    );
    return { seq };
  }

  async function pressButton(
    activity: BotActivity,
    title: string,
    options: ActionOptions & { inputs?: Record<string, unknown> } = {},
  ): Promise<{ kind: 'execute'; result: InvokeResult } | { kind: 'submit'; seq: number }> {
    const action = activity.cards.map((card) => findCardAction(card, title)).find((a) => a !== undefined);
    if (!action) {
      const titles: string[] = [];
      JSON.stringify(activity.cards, (key, value) => {
        if (key === 'title' && typeof value === 'string') titles.push(value);
        return value;
      });
      throw new Error(`No button "${title}" in ${describeActivity(activity)}; titles found: ${titles.join(', ') || '(none)'}`);
    }
    // Teams merges the card's input values into the action's data object.
    const baseData = action.data && typeof action.data === 'object' ? action.data : {};
    const data = { ...baseData, ...(options.inputs ?? {}) };
    if (action.type === 'Action.Execute') {
      return { kind: 'execute', result: await invokeAction(activity, String(action.verb ?? ''), data, { ...options, title }) };
    }
    if (action.type === 'Action.Submit') return { kind: 'submit', ...(await submitAction(activity, data, options)) };
    throw new Error(`Button "${title}" is ${action.type}; only Action.Execute and Action.Submit are supported`);
  }

  async function install(conversation: ConversationRef): Promise<{ seq: number }> {
    const id = await resolveConversation(conversation);
    const seq = activities.length;
    await call('POST', `/_debug/conversation/${encodeURIComponent(id)}/installation`, {});
    return { seq };
  }

  async function sendActivity(activity: Record<string, unknown>): Promise<{ seq: number }> {
    const seq = activities.length;
    await call('POST', '/_internal/v1/customActivities', activity);
    return { seq };
  }

  async function fireEvent(conversation: ConversationRef, type: string, overrides: Record<string, unknown> = {}): Promise<{ seq: number }> {
    const id = await resolveConversation(conversation);
    const { body } = await call(
      'GET',
      `/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(id)}&type=${encodeURIComponent(type)}`,
    );
    return sendActivity({ ...body, ...overrides });
  }

  // ---- UI driving (slower; exercises the real page, and screenshots then show the conversation) ----
  async function uiOpenConversation(conversation: ConversationRef): Promise<void> {
    const c = await conversations();
    const id = await resolveConversation(conversation);
    let label: string;
    if (id === c.personal) label = 'Personal Chat';
    else if (id === c.group) label = 'Group Chat';
    else {
      const channel = c.channels.find((ch) => ch.id === id);
      if (!channel) throw new Error(`ui.openConversation: ${id} is not a chat or channel shown in the UI`);
      label = `${c.team.name} - ${channel.name}`;
    }
    await page.getByRole('treeitem', { name: label, exact: true }).click();
  }

  async function uiSendText(conversation: ConversationRef, text: string, options: { mentionBot?: boolean } = {}): Promise<SentMessage> {
    const c = await conversations();
    const conversationId = await resolveConversation(conversation);
    const kind = await conversationKind(conversationId);
    const mentionBot = options.mentionBot ?? kind !== 'personal';
    await uiOpenConversation(conversationId);
    // Chats have one composer; a channel shows "Start a new post" first, then a reply box per thread.
    const box = kind === 'channel' ? page.getByRole('textbox').first() : page.getByRole('textbox').last();
    await box.click();
    if (mentionBot) {
      await page.keyboard.type(`@${c.bot.name.slice(0, 4)}`);
      await page.getByRole('menuitem', { name: c.bot.name }).click();
      await page.keyboard.type(' ');
    }
    await page.keyboard.type(text);
    const seq = activities.length;
    const posted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes('/_conversation/v1/conversations/') && r.url().endsWith('/messages'),
    );
    if (kind === 'channel') await page.getByRole('button', { name: 'Post', exact: true }).click();
    else await page.keyboard.press('Enter');
    const response = await posted;
    if (!response.ok()) throw new Error(`ui.sendText: the page's POST answered ${response.status()}: ${await response.text()}`);
    const body = await response.json();
    const postConversationId: string | undefined = body?.postConversationId ?? undefined;
    return {
      seq,
      conversationId,
      messageId: String(body?.messageId),
      postConversationId,
      replyConversationId: postConversationId ?? conversationId,
      sentAt: Date.now(),
    };
  }

  async function uiClickButton(title: string, options: { timeoutMs?: number } = {}) {
    const responded = page.waitForResponse(
      (r) => r.request().method() === 'POST' && /\/_conversation\/v1\/(invoke|submit)$/.test(r.url()),
      { timeout: options.timeoutMs ?? defaultTimeout },
    );
    const buttons = page.getByRole('button', { name: title, exact: true });
    // The websocket frame of a new card arrives before the page renders it: wait until the number of
    // matching buttons stops changing, so "last" really is the newest card's button.
    let count = -1;
    for (let stable = 0, tries = 0; stable < 3 && tries < 40; tries++) {
      const now = await buttons.count();
      stable = now === count && now > 0 ? stable + 1 : 0;
      count = now;
      await sleep(100);
    }
    await buttons.last().click({ timeout: options.timeoutMs ?? defaultTimeout });
    const response = await responded;
    const text = await response.text();
    let body: Json = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // keep text
    }
    return { route: response.url().endsWith('/invoke') ? ('invoke' as const) : ('submit' as const), status: response.status(), body };
  }

  let closed = false;
  return {
    page,
    activities,
    frames,
    logs,
    suppressedInstalls,
    ui: { openConversation: uiOpenConversation, sendText: uiSendText, clickButton: uiClickButton },
    conversations,
    cursor: () => activities.length,
    sendText,
    waitForActivity,
    waitForReply,
    waitForLog,
    invokeAction,
    invoke,
    submitAction,
    pressButton,
    install,
    fireEvent,
    sendActivity,
    screenshot: async (filePath: string) => {
      await page.screenshot({ path: filePath, fullPage: true });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const waiter of [...waiters]) waiter.cancel(new Error('Playground client closed while waiting for a bot activity'));
      for (const waiter of [...logWaiters]) waiter.cancel(new Error('Playground client closed while waiting for a log entry'));
      await ctx.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The contract between the Bot Framework edge (bot/teams/) and the capabilities (bot/features/*).
 * Features see plain data in and return reply models out; they never touch botbuilder types, so the
 * archived botbuilder can be swapped for @microsoft/agents-hosting inside bot/teams/ alone.
 */
import type { AdaptiveCard } from '../cards/card.js';
import type { UserContext } from '../auth/roles.js';
import type { Lang } from '../i18n/index.js';
import type { LanguageReading } from '../i18n/reply-language.js';
import type { ConversationKind } from '../store/conversations-repository.js';

export interface ConversationInfo {
  /** Conversation id as Teams gives it (a channel thread id contains `;messageid=`). */
  id: string;
  kind: ConversationKind;
  teamId: string | null;
  /** The channel or thread root this message belongs to, for replies in the same thread. */
  threadRootId: string | null;
}

export interface TurnInput {
  user: UserContext;
  lang: Lang;
  /** Message text with bot mentions removed and whitespace trimmed. */
  text: string;
  /** The language detector's reading of `text`, when the reply language was detected from it (reused by the guidance search). */
  languageReading?: LanguageReading | undefined;
  conversation: ConversationInfo;
  /** Activity id of the incoming message (idempotency, threading). */
  activityId: string;
  /** The card's data for Action.Execute (invoke) or Action.Submit (message value). */
  value?: Record<string, unknown>;
  /** Id of the bot message whose card was acted on, when known. */
  cardActivityId?: string | undefined;
  now: Date;
}

export type Reply =
  | { kind: 'text'; text: string }
  | { kind: 'card'; card: AdaptiveCard; /** plain-text summary for notifications and screen readers */ summary?: string };

/** The answer to an Action.Execute: replace the card for the acting user, or show a short message. */
export type ActionResult =
  | { kind: 'card'; card: AdaptiveCard; /** also send these messages to the conversation */ followUps?: Reply[] }
  | { kind: 'message'; text: string };

export interface CommandHandler {
  /** Lower-case command words in every language, e.g. ['testihaku', 'testsökning', 'test lookup']. */
  names: string[];
  /** Also runs for text that matches this anywhere (e.g. a ticket reference), when no named command does. */
  pattern?: RegExp;
  run(input: TurnInput): Promise<Reply[]>;
}

export interface ActionHandler {
  /** Action.Execute verbs (and Action.Submit `verb` values) this handler owns, e.g. 'lookup.hetu'. */
  verbs: string[];
  run(input: TurnInput & { verb: string; value: Record<string, unknown> }): Promise<ActionResult>;
}

/** A capability as the router sees it. `fallback` answers free text (only guidance has one). */
export interface Feature {
  name: string;
  commands?: CommandHandler[];
  actions?: ActionHandler[];
  /**
   * Verbs this feature used to have, old → current, so cards posted before a rename keep working; the
   * handler sees the current verb. Aliases count as verbs: one owned twice stops start-up.
   */
  legacyVerbs?: Readonly<Record<string, string>>;
  fallback?: (input: TurnInput) => Promise<Reply[]>;
}

/**
 * What a failed proactive call throws: the connector's HTTP status, its Retry-After (seconds) when given,
 * and Teams' sub-code (e.g. MessageWritesBlocked). Anything else thrown is a network-level failure.
 */
export class DeliveryError extends Error {
  constructor(
    readonly statusCode: number,
    readonly retryAfterSeconds: number | null = null,
    readonly subCode: string | null = null,
  ) {
    super(`delivery failed with HTTP ${statusCode}${subCode ? ` (${subCode})` : ''}`);
    this.name = 'DeliveryError';
  }
}

/** Proactive messaging to a stored conversation; implemented by bot/teams/, given to features. Failures throw DeliveryError. */
export interface Messenger {
  /** Posts into a conversation (a channel id starts a new thread). Returns the new activity id. */
  send(conversationId: string, reply: Reply): Promise<{ activityId: string; conversationId: string }>;
  /** Replies inside an existing channel thread. */
  reply(conversationId: string, threadRootId: string, reply: Reply): Promise<{ activityId: string }>;
  update(conversationId: string, activityId: string, reply: Reply): Promise<void>;
  delete(conversationId: string, activityId: string): Promise<void>;
  /** Sends to a person's personal chat with the bot, if the app is installed for them. */
  sendToUser(user: { tenantId: string; objectId: string }, reply: (lang: Lang) => Reply): Promise<boolean>;
}

/** Tab API route: plain handler; bot/server.ts mounts it under /api/tab with SSO verification. */
export interface TabRequest {
  user: UserContext;
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
}
export type TabResponse = { status: number; body: unknown } | { status: 200; csv: string; filename: string };
export interface TabRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'del';
  /** Path below /api/tab, e.g. '/institutions/:id'. */
  path: string;
  handler(request: TabRequest): Promise<TabResponse>;
}

import {
  TeamsActivityHandler,
  type InvokeResponse,
  type MessagingExtensionResponse,
  type TeamsChannelAccount,
  type TurnContext,
} from 'botbuilder';
import type { ActionResult, CommandHandler, Feature, Reply, TurnInput } from '../features/types.js';
import type { HelpFeature } from '../features/help/index.js';
import { RUN_COMMAND_VERB } from '../features/help/index.js';
import type { Identity, UserContext } from '../auth/roles.js';
import { langFromLocale, type Lang } from '../i18n/index.js';
import {
  languageOfCardData,
  languageOfText,
  type DetectLanguage,
  type LanguageReading,
  type ReadLanguage,
} from '../i18n/reply-language.js';
import { coreText, errorMessage } from '../i18n/core.js';
import { errorCodeOf, isAppError } from '../errors.js';
import type { Logger } from '../log.js';
import { attachment } from '../cards/card.js';
import { conversationInfo, identityOf, messageText } from './activity-input.js';
import { toActivity } from './reply.js';
import { INVOKE_WORK_DEADLINE_MS, withDeadline } from './time-budget.js';
import type { InstallationTracker } from './installations.js';
import type { GuidanceCompose } from '../features/guidance-compose/index.js';
import type { MembershipFeature } from '../features/membership/index.js';
import { personOf, readRoster } from './rosters.js';
import { stampReplyLanguage, stampResultLanguage } from './card-language.js';
import { allowsContact, type ProfileRecorder } from './profiles.js';
import { buildVerbTable, type VerbEntry } from './verb-table.js';
import { badRequestResponse, cardResponse, messageResponse, type CardActionResponse } from './invoke-response.js';

export interface RouterDeps {
  features: Feature[];
  help: HelpFeature;
  resolveUser(identity: Identity, lang: Lang): Promise<UserContext>;
  installations: InstallationTracker;
  logger: Logger;
  clock?: () => Date;
  /** The language a text is written in (the guidance detector); without it typed text follows the Teams locale. */
  detectLanguage?: DetectLanguage;
  /** The same detector reading a text once for every hint; preferred to `detectLanguage`, and the reading rides along in the turn's input. */
  readLanguage?: ReadLanguage;
  /** Remembers who talks to the bot (name, e-mail) for OPH's contact with feedback submitters; off the turn's path. */
  profiles?: ProfileRecorder;
  /** Sends a reply to the user's personal chat; false when the app is not installed for them. */
  sendPrivately?: (user: UserContext, reply: Reply) => Promise<boolean>;
  /** Search message extension and link unfurling (composeExtension/* invokes); absent → not implemented. */
  compose?: GuidanceCompose;
  /** Self-onboarding: greets unmapped people once and learns team rosters. */
  membership?: Pick<MembershipFeature, 'noteContact' | 'memberJoined' | 'recordRoster'>;
  /** Reads a team roster (paged member API); replaceable in tests. */
  readRoster?: (context: TurnContext) => Promise<Parameters<MembershipFeature['recordRoster']>[0]>;
}

/** Routing only: turns activities into feature calls and feature replies into activities. */
export class BotRouter extends TeamsActivityHandler {
  private readonly commands: Array<{ name: string; handler: CommandHandler }>;
  private readonly actions: Map<string, VerbEntry>;
  private readonly patterns: CommandHandler[];
  private readonly fallback: Feature['fallback'];

  constructor(private readonly deps: RouterDeps) {
    super();
    const all = [deps.help, ...deps.features];
    // Longest names first so "test lookup" wins over "test" and "tilanne x" matches "tilanne".
    this.commands = all
      .flatMap((f) => f.commands ?? [])
      .flatMap((handler) => handler.names.map((name) => ({ name: name.toLowerCase(), handler })))
      .sort((a, b) => b.name.length - a.name.length);
    this.patterns = all.flatMap((f) => f.commands ?? []).filter((handler) => handler.pattern);
    // A verb owned twice stops start-up here, naming both owners (bot/teams/verb-table.ts).
    this.actions = buildVerbTable(all, { [RUN_COMMAND_VERB]: 'the router (help card commands)' });
    this.fallback = all.find((f) => f.fallback)?.fallback;

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.deps.installations.recordInstall(context.activity);
      await this.welcome(context);
      if (context.activity.conversation?.conversationType === 'channel') await this.learnRoster(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.deps.installations.recordUninstall(context.activity);
      await next();
    });
    this.onTeamsMembersAddedEvent(async (membersAdded, _team, context, next) => {
      const botAdded = membersAdded.some((m) => m.id === context.activity.recipient?.id);
      if (botAdded) await this.deps.installations.recordInstall(context.activity);
      if (botAdded) await this.learnRoster(context);
      else await this.greetNewMembers(context, membersAdded);
      await next();
    });
    this.onTeamsMembersRemovedEvent(async (membersRemoved, _team, context, next) => {
      if (membersRemoved.some((m) => m.id === context.activity.recipient?.id))
        await this.deps.installations.recordUninstall(context.activity);
      await next();
    });
    this.onTeamsChannelCreatedEvent(async (_channel, _team, context, next) => {
      await this.deps.installations.recordChannel(context.activity);
      await next();
    });
    this.onTeamsChannelRenamedEvent(async (_channel, _team, context, next) => {
      await this.deps.installations.recordChannel(context.activity);
      await next();
    });
    this.onTeamsChannelDeletedEvent(async (channel, _team, context, next) => {
      if (channel.id) await this.deps.installations.forgetConversation(channel.id);
      await next();
    });
    this.onTeamsTeamDeletedEvent(async (team, _context, next) => {
      if (team.id) await this.deps.installations.forgetTeam(team.id);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      // A personal or group chat install arrives as conversationUpdate with the bot among membersAdded.
      const activity = context.activity;
      const botAdded = activity.membersAdded?.some((m) => m.id === activity.recipient?.id);
      if (botAdded && activity.conversation?.conversationType !== 'channel') await this.deps.installations.recordInstall(activity);
      await next();
    });
  }

  /** The Teams client's UI language: only a tie-breaker for what the person writes (see reply-language.ts). */
  private lang(context: TurnContext): Lang {
    return langFromLocale(context.activity.locale);
  }

  /**
   * The reply language of this turn, kept for all its follow-ups: a pressed button's card language, else
   * the language of the typed text, else the client locale.
   */
  private turnLang(context: TurnContext, text: string, cardData: unknown): { lang: Lang; reading?: LanguageReading } {
    const locale = this.lang(context);
    if (cardData !== undefined) return { lang: languageOfCardData(cardData) ?? locale };
    const read = this.deps.readLanguage;
    if (!read) return { lang: languageOfText(text, locale, this.deps.detectLanguage) };
    // Read only when the text needs the detector (not for a command word or an empty message).
    let reading: LanguageReading | undefined;
    const lang = languageOfText(text, locale, (t, hint) => (reading ??= read(t)).detect(hint));
    return { lang, reading };
  }

  private async turnInput(context: TurnContext, cardData?: unknown): Promise<TurnInput | null> {
    const identity = identityOf(context.activity);
    if (!identity) return null;
    const text = messageText(context);
    const { lang, reading } = this.turnLang(context, text, cardData);
    const user = await this.deps.resolveUser(identity, lang);
    return {
      user,
      lang,
      text,
      languageReading: reading,
      conversation: conversationInfo(context.activity),
      activityId: context.activity.id ?? '',
      now: (this.deps.clock ?? (() => new Date()))(),
    };
  }

  /** Remembers the personal chat with the turn's language, so later notifications use the language the person writes in. */
  private async rememberUser(context: TurnContext, input: TurnInput, cardData?: unknown): Promise<void> {
    void this.deps.profiles?.record(context, input.user, { allowsContact: allowsContact(cardData) });
    await this.deps.installations.rememberUser({ ...context.activity, locale: input.lang }, input.user);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const input = await this.turnInput(context);
    if (!input) return;
    if (input.conversation.kind === 'personal') {
      await context.sendActivity(toActivity(stampReplyLanguage(this.deps.help.welcome(input.user, input.lang), input.lang)));
      return;
    }
    // Everyone in a channel reads the welcome: it lists what every member may do. The installer's own
    // extra commands (test look-up, admin) go to them privately, or nowhere — never to the channel.
    // The private card goes first, so it is delivered before anyone reacts to the channel welcome.
    if (this.deps.help.hasMoreThanEveryone(input.user) && this.deps.sendPrivately) {
      try {
        await this.deps.sendPrivately(input.user, this.deps.help.help(input.user, input.lang));
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'sending the installer their own help failed');
      }
    }
    await context.sendActivity(toActivity(stampReplyLanguage(this.deps.help.channelWelcome(input.lang), input.lang)));
  }

  /** Stores the team's roster for the users page; a failure only costs the list, never the turn. */
  private async learnRoster(context: TurnContext): Promise<void> {
    if (!this.deps.membership) return;
    try {
      await this.deps.membership.recordRoster(await (this.deps.readRoster ?? readRoster)(context));
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'reading the team roster failed');
    }
  }

  /** People added to a team: each unmapped one gets the request card once, privately where possible. */
  private async greetNewMembers(context: TurnContext, members: Array<Partial<TeamsChannelAccount>>): Promise<void> {
    if (!this.deps.membership) return;
    const lang = this.lang(context);
    const tenantId = context.activity.conversation?.tenantId ?? identityOf(context.activity)?.tenantId;
    for (const member of members) {
      const person = personOf(member, tenantId);
      if (!person) continue;
      try {
        const greeting = await this.deps.membership.memberJoined(person, lang);
        if (!greeting) continue;
        const user: UserContext = { ...person, role: 'Participant', institutionId: null, lang };
        const delivered = this.deps.sendPrivately ? await this.deps.sendPrivately(user, greeting.card) : false;
        if (!delivered) await context.sendActivity(greeting.shortReply);
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'greeting a new member failed');
      }
    }
  }

  /**
   * An unmapped person's first message: the request card, once. In a shared conversation it goes to
   * their personal chat if possible; otherwise it rides along with the answer (same message).
   */
  private async greetingFor(input: TurnInput): Promise<Reply | null> {
    if (!this.deps.membership) return null;
    try {
      const greeting = await this.deps.membership.noteContact(input.user, input.lang);
      if (!greeting) return null;
      if (input.conversation.kind !== 'personal' && this.deps.sendPrivately && (await this.deps.sendPrivately(input.user, greeting)))
        return null;
      return greeting;
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'membership greeting failed');
      return null;
    }
  }

  private findCommand(text: string): CommandHandler | undefined {
    const lower = text.toLowerCase();
    return (
      this.commands.find(({ name }) => lower === name || lower.startsWith(`${name} `))?.handler ??
      this.patterns.find((handler) => handler.pattern?.test(text))
    );
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const value = context.activity.value as Record<string, unknown> | undefined;
    const submitVerb = value && typeof value === 'object' && typeof value.verb === 'string' ? value.verb : null;
    const input = await this.turnInput(context, submitVerb !== null ? value : undefined);
    if (!input) {
      await context.sendActivity(errorMessage('UNAUTHENTICATED', this.lang(context)));
      return;
    }
    await this.rememberUser(context, input, submitVerb !== null ? value : undefined);
    const greeting = submitVerb !== null ? null : await this.greetingFor(input);
    if (submitVerb !== null && value) {
      // Action.Submit fallback from older clients: same handlers as Action.Execute, result as a new message.
      const result = await this.runAction(input, submitVerb, value, context.activity.replyToId);
      await this.sendActionResult(context, input, result);
      return;
    }
    const replies = await this.safely(input.lang, () => this.repliesForText(input));
    const activities = replies.map((reply) => toActivity(stampReplyLanguage(reply, input.lang)));
    if (greeting) {
      // The greeting card is attached to the first reply: one message, the question answered as well.
      const [first] = activities;
      if (first && greeting.kind === 'card') first.attachments = [...(first.attachments ?? []), attachment(greeting.card)];
      else activities.unshift(toActivity(stampReplyLanguage(greeting, input.lang)));
    }
    for (const activity of activities) await context.sendActivity(activity);
  }

  private async repliesForText(input: TurnInput): Promise<Reply[]> {
    if (!input.text) return [this.deps.help.help(input.user, input.lang)];
    const command = this.findCommand(input.text);
    if (command) return command.run(input);
    if (this.fallback) return this.fallback(input);
    return [this.deps.help.help(input.user, input.lang)];
  }

  private async safely(lang: Lang, work: () => Promise<Reply[]>): Promise<Reply[]> {
    try {
      return await work();
    } catch (error) {
      this.logFailure(error);
      return [{ kind: 'text', text: errorMessage(errorCodeOf(error), lang) }];
    }
  }

  private logFailure(error: unknown): void {
    if (isAppError(error) && error.code !== 'INTERNAL') this.deps.logger.info({ code: error.code, err: error }, 'action refused');
    else this.deps.logger.error({ code: errorCodeOf(error), err: error }, 'turn failed');
  }

  private async runAction(
    input: TurnInput,
    verb: string,
    value: Record<string, unknown>,
    cardActivityId: string | undefined,
  ): Promise<ActionResult> {
    try {
      const work = async (): Promise<ActionResult> => {
        if (verb === RUN_COMMAND_VERB) {
          const command = typeof value.command === 'string' ? this.findCommand(value.command) : undefined;
          const followUps = command
            ? await command.run({ ...input, text: String(value.command) })
            : [this.deps.help.help(input.user, input.lang)];
          const [first, ...rest] = followUps;
          // The command's first card takes the help card's place for this user; any further replies follow as messages.
          return first?.kind === 'card'
            ? { kind: 'card', card: first.card, followUps: rest }
            : { kind: 'message', text: first?.text ?? '' };
        }
        const entry = this.actions.get(verb);
        if (!entry) return { kind: 'message', text: errorMessage('NOT_FOUND', input.lang) };
        // An old verb (a card sent before a rename) reaches its handler under the current name.
        return await entry.handler.run({ ...input, verb: entry.verb, value, cardActivityId });
      };
      // An invoke must be answered within 3 s even when a dependency hangs (Teams then shows an error and re-sends).
      return await withDeadline(work(), INVOKE_WORK_DEADLINE_MS, (): ActionResult => {
        this.deps.logger.warn({ code: 'DEPENDENCY_TIMEOUT', verb }, 'action did not finish within its time budget');
        return { kind: 'message', text: errorMessage('DEPENDENCY_TIMEOUT', input.lang) };
      });
    } catch (error) {
      this.logFailure(error);
      return { kind: 'message', text: errorMessage(errorCodeOf(error), input.lang) };
    }
  }

  /**
   * Delivers an Action.Submit result. Action.Execute results are shown to the acting user only; a
   * submit result posted into a channel or group chat would show everyone (a look-up result, a form
   * with someone's input), so there it goes to the user's personal chat instead.
   */
  private async sendActionResult(context: TurnContext, input: TurnInput, unstamped: ActionResult): Promise<void> {
    const result = stampResultLanguage(unstamped, input.lang);
    const replies: Reply[] =
      result.kind === 'message'
        ? [{ kind: 'text', text: result.text }]
        : [{ kind: 'card', card: result.card }, ...(result.followUps ?? [])];
    if (input.conversation.kind === 'personal') {
      for (const reply of replies) await context.sendActivity(toActivity(reply));
      return;
    }
    let delivered = false;
    if (this.deps.sendPrivately) {
      delivered = true;
      for (const reply of replies) delivered = delivered && (await this.deps.sendPrivately(input.user, reply));
    }
    await context.sendActivity(coreText[input.lang][delivered ? 'privateReplySent' : 'privateReplyUnavailable']);
  }

  /**
   * Action.Execute is answered here with typed responses (bot/teams/invoke-response.ts). botbuilder's
   * own path crashes (TypeError, HTTP 501) on an invoke without an action object and echoes an
   * unsupported action type back; both get a fixed 400 instead.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse<CardActionResponse>> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const value = context.activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined;
    const action = value && typeof value === 'object' && value.action && typeof value.action === 'object' ? value.action : null;
    try {
      const response = action?.type === 'Action.Execute' ? await this.cardAction(context, action) : badRequestResponse('invalid action');
      return { status: response.statusCode, body: response };
    } finally {
      // What botbuilder's own invoke path does last (runs Dialog handlers, of which the router has none).
      await this.defaultNextEvent(context)();
    }
  }

  // Message extension invokes: guidance search from the compose box and unfurling of guidance links.
  // Plain data in and out; open to guests and unmapped users (guidance is for everyone).
  protected override async handleTeamsMessagingExtensionQuery(context: TurnContext, query: unknown): Promise<MessagingExtensionResponse> {
    return this.composeInvoke(context, (compose, lang) => compose.query(query, lang));
  }

  protected override async handleTeamsMessagingExtensionSelectItem(
    context: TurnContext,
    query: unknown,
  ): Promise<MessagingExtensionResponse> {
    return this.composeInvoke(context, (compose, lang) => compose.selectItem(query, lang));
  }

  protected override async handleTeamsAppBasedLinkQuery(context: TurnContext, query: unknown): Promise<MessagingExtensionResponse> {
    return this.composeInvoke(context, (compose, lang) => compose.queryLink(query, lang));
  }

  private async composeInvoke(
    context: TurnContext,
    work: (compose: GuidanceCompose, lang: Lang) => Promise<MessagingExtensionResponse>,
  ): Promise<MessagingExtensionResponse> {
    const compose = this.deps.compose;
    const noResults: MessagingExtensionResponse = { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } };
    if (!compose) return noResults;
    try {
      return await withDeadline(work(compose, this.lang(context)), INVOKE_WORK_DEADLINE_MS, () => noResults);
    } catch (error) {
      this.logFailure(error);
      return noResults;
    }
  }

  private async cardAction(context: TurnContext, action: { verb?: unknown; data?: unknown }): Promise<CardActionResponse> {
    const verb = typeof action.verb === 'string' ? action.verb : '';
    const data = (action.data && typeof action.data === 'object' ? action.data : {}) as Record<string, unknown>;
    const input = await this.turnInput(context, data);
    if (!input) return messageResponse(errorMessage('UNAUTHENTICATED', this.lang(context)));
    await this.rememberUser(context, input, data);
    const result = stampResultLanguage(await this.runAction(input, verb, data, context.activity.replyToId), input.lang);
    if (result.kind === 'message') return messageResponse(result.text);
    for (const reply of result.followUps ?? []) await context.sendActivity(toActivity(reply));
    return cardResponse(result.card);
  }
}

import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { openStore, type Store } from './store/db.js';
import { cacheUsersInMemory, createUsersRepository } from './store/users-repository.js';
import { createConversationsRepository } from './store/conversations-repository.js';
import { createUserResolver } from './auth/resolve-user.js';
import { createAdapter } from './teams/adapter.js';
import { BotRouter } from './teams/router.js';
import { createInstallationTracker } from './teams/installations.js';
import { createProfileRecorder } from './teams/profiles.js';
import { createProfilesRepository } from './store/profiles-repository.js';
import { createMessenger } from './teams/messenger.js';
import { createServiceUrlPolicy } from './teams/service-url.js';
import { createInboundGuard } from './teams/inbound-auth.js';
import { createDedupe, isSingleInstance } from './teams/dedupe.js';
import { createReliabilityRepository } from './store/reliability-repository.js';
import { createServer } from './server.js';
import { SlidingWindowRateLimiter } from './rate-limiter.js';
import { createBackgroundWork } from './background-work.js';
import { createHelpFeature } from './features/help/index.js';
import type { Feature, TabRoute } from './features/types.js';
import { createGuidanceRepository } from './store/guidance-repository.js';
import { createLookupRepository } from './store/lookup-repository.js';
import { createEscalationFeature, escalationTabRoutes } from './features/guidance/escalation/index.js';
import { createGuidanceEngine } from './features/guidance/engine.js';
import { createGuidanceFeature, renderAnswerCard } from './features/guidance/index.js';
import { createOnboardingFeature, onboardingTabRoutes, tabSecurityHeaders } from './features/onboarding/index.js';
import { createOnboardingRepository } from './store/onboarding-repository.js';
import { createTabAuthenticator } from './auth/tab-token.js';
import { createDevSignIn } from './auth/dev-sign-in.js';
import { createFeedbackFeature, feedbackTabRoutes, feedbackTabUrl } from './features/feedback/index.js';
import { createTabLinks } from './cards/tab-links.js';
import { tabAuthConfigRoutes } from './auth/tab-auth-config.js';
import { createGuidanceCompose } from './features/guidance-compose/index.js';
import { createGuidancePopularityRepository } from './store/guidance-popularity-repository.js';
import { createMembershipFeature, membershipTabRoutes } from './features/membership/index.js';
import { createMembershipRepository } from './store/membership-repository.js';
import {
  announcementsTabRoutes,
  createAnnouncementScheduler,
  createAnnouncementsFeature,
  createAnnouncementsService,
  createOutboxWorker,
  linkPolicyFromConfig,
} from './features/announcements/index.js';
import { createLookupFeature, createOnrClientFromConfig, type TestPersonListing } from './features/lookup/index.js';

/** How long an unanswered question waits after the reply for others to be stored with it. */
const QUESTION_BATCH_DELAY_MS = 50;

export interface RunningApp {
  url: string;
  port: number;
  store: Store;
  logger: Logger;
  stop(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /** Already-open store (tests); otherwise opened from config. */
  store?: Store;
  /** Safe test identifiers to list with `testioppijanumerot` (local mode: the fake's seeded persons). */
  lookupTestPersons?: readonly TestPersonListing[];
  lookupNotFoundHetu?: string | null;
}

/**
 * The composition root: builds every object once and wires them together. No logic lives here.
 */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const store = options.store ?? (await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  // This process alone uses the database: duplicate-delivery claims stay in memory, and so do the
  // user mappings read on every message (dropped on every write through a users repository).
  const singleInstance = isSingleInstance(config.SINGLE_INSTANCE, { dialect: store.dialect, injected: Boolean(options.store) });
  if (singleInstance) cacheUsersInMemory(store);
  const users = createUsersRepository(store);
  const conversations = createConversationsRepository(store);
  const resolveUser = createUserResolver(users);
  const adapter = createAdapter(config, logger);
  const isAllowedServiceUrl = createServiceUrlPolicy({ mode: config.mode, extraHosts: config.ALLOWED_SERVICE_URL_HOSTS });
  const messenger = createMessenger({ adapter, appId: config.MICROSOFT_APP_ID ?? '', conversations, isAllowedServiceUrl });
  const publicBase = config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
  // Every link into the tab comes from here: Teams deep links when the Teams app id is known.
  const tabLinks = createTabLinks({ publicBaseUrl: publicBase, teamsAppId: config.TEAMS_APP_ID });
  if (config.mode === 'production' && !tabLinks.deepLinks)
    logger.warn('TEAMS_APP_ID is not set: links in cards open the tab in a browser instead of Teams');
  const tabUrl = tabLinks.page('');

  const help = createHelpFeature({ tabUrl });
  // Local mode configures no channels: the Playground team's General serves as expert and service channel.
  const localGeneralChannel = async () => (config.mode === 'local' ? await conversations.findChannelByName('General') : null);

  // A broken knowledge base stops start-up here, with every problem listed.
  const guidanceEngine = await createGuidanceEngine({ kbDir: config.KB_DIR });
  const guidanceRepository = createGuidanceRepository(store);
  const escalation = createEscalationFeature({
    repository: guidanceRepository,
    messenger,
    expertChannel: async () => config.EXPERT_CHANNEL ?? (await localGeneralChannel()),
    logger,
    tabLinks,
    renderAnswer: (answer) => renderAnswerCard(guidanceEngine, answer),
    // Recording follows the reply (background work below), so a question may wait for others to share
    // one insert: one commit per batch instead of one per unanswered question. stop() drains it.
    questionBatching: { maxDelayMs: QUESTION_BATCH_DELAY_MS },
  });

  const repostTickets = () =>
    escalation.repostUnpostedTickets().catch((error: unknown) => logger.warn({ err: error }, 'reposting tickets failed'));

  const onrClient = createOnrClientFromConfig(config, { logger });
  const lookup = createLookupFeature({
    store,
    logger,
    client: onrClient,
    config,
    testPersons: options.lookupTestPersons,
    notFoundHetu: options.lookupNotFoundHetu ?? null,
  });

  // Retention (A-PRIV-4): the look-up audit trail (keyed hashes, no identifiers) is kept LOOKUP_AUDIT_RETENTION_DAYS, then purged.
  const lookupRepository = createLookupRepository(store);
  const purgeLookupAudit = () =>
    lookupRepository
      .deleteOlderThan(new Date(Date.now() - config.LOOKUP_AUDIT_RETENTION_DAYS * 86_400_000).toISOString())
      .catch((error: unknown) => logger.warn({ err: error }, 'purging the look-up audit failed'));

  const popularity = createGuidancePopularityRepository(store);
  const compose = createGuidanceCompose({
    engine: guidanceEngine,
    mostAsked: (limit) => popularity.mostAsked({ since: new Date(Date.now() - 180 * 86_400_000).toISOString(), limit }),
  });
  // Storing an unanswered question follows the reply; stop() drains what is still pending.
  const background = createBackgroundWork(logger);
  const guidance = createGuidanceFeature({
    engine: guidanceEngine,
    recordQuestion: escalation.recordQuestion,
    logger,
    defer: background.defer,
  });

  const onboardingDeps = { repository: createOnboardingRepository(store), users, tabUrl, tabLinks };
  const onboarding = createOnboardingFeature(onboardingDeps);

  const listInstitutions = () => onboardingDeps.repository.listInstitutions();
  const membership = createMembershipFeature({
    repository: createMembershipRepository(store),
    users,
    institutions: listInstitutions,
    messenger,
    expertChannel: async () => config.EXPERT_CHANNEL ?? (await localGeneralChannel()),
    logger,
  });

  const feedbackDeps = {
    store,
    messenger,
    logger,
    tabUrl: feedbackTabUrl(tabLinks),
    // New feedback and error reports are announced where OPH works: FEEDBACK_CHANNEL, else the expert channel.
    ophChannel: async () => config.FEEDBACK_CHANNEL ?? config.EXPERT_CHANNEL ?? (await localGeneralChannel()),
  };
  const feedback = createFeedbackFeature(feedbackDeps);

  const announcementsDeps = {
    store,
    conversations,
    serviceChannelId: config.SERVICE_CHANNEL,
    resolveServiceChannel: localGeneralChannel,
    approval: config.ANNOUNCEMENT_APPROVAL,
    expertChannel: async () => config.EXPERT_CHANNEL ?? (await localGeneralChannel()),
    linkPolicy: linkPolicyFromConfig(config.ANNOUNCEMENT_LINK_HOSTS, publicBase),
    logger,
  };
  const announcements = createAnnouncementsFeature(announcementsDeps);
  const outbox = createOutboxWorker({ store, messenger, logger, appRps: config.OUTBOX_APP_RPS, maxAttempts: config.OUTBOX_MAX_ATTEMPTS });
  // Scheduled announcements are published by their own loop, with the app's approval mode and audience;
  // the outbox worker then delivers them (woken at once instead of at its next poll).
  const scheduledAnnouncements = createAnnouncementsService(announcementsDeps);
  const scheduler = createAnnouncementScheduler({
    publishDue: () => scheduledAnnouncements.publishDue(),
    logger,
    onPublished: () => outbox.wake(),
  });

  const features: Feature[] = [guidance, escalation, lookup, onboarding, feedback, announcements, membership];
  const tabRoutes: TabRoute[] = [
    ...escalationTabRoutes({
      repository: guidanceRepository,
      articleTitle: (id, lang) => guidanceEngine.show(id, lang)?.article.title ?? null,
    }),
    ...onboardingTabRoutes(onboardingDeps),
    ...feedbackTabRoutes(feedbackDeps),
    ...announcementsTabRoutes(announcementsDeps),
    ...membershipTabRoutes(membership, listInstitutions),
  ];

  // The development sign-in exists in local mode only: its factory refuses any other mode.
  const devSignIn = config.mode === 'local' ? createDevSignIn({ mode: 'local', users }) : undefined;
  const authenticateTab = createTabAuthenticator({
    mode: config.mode,
    tabClientId: config.TAB_CLIENT_ID,
    appIdUri: config.TAB_APP_ID_URI,
    allowedTenants: [config.MICROSOFT_APP_TENANT_ID, ...config.ALLOWED_TENANTS].filter((t): t is string => Boolean(t)),
    devSigner: devSignIn?.signer,
  });

  // Duplicate-delivery claims go to the database only when other instances may share it.
  const claimsRepository = singleInstance ? undefined : createReliabilityRepository(store);

  const router = new BotRouter({
    features,
    help,
    resolveUser,
    installations: createInstallationTracker(conversations, logger, {
      // Tickets asked before the app reached the expert team go out once a channel appears.
      onInstalled: (kind) => {
        if (kind === 'channel') void repostTickets();
      },
    }),
    logger,
    profiles: createProfileRecorder({ profiles: createProfilesRepository(store), logger }),
    // Replies follow the language the person writes in; the Teams locale only breaks ties.
    readLanguage: (text) => guidanceEngine.readLanguage(text),
    sendPrivately: (user, reply) => messenger.sendToUser(user, () => reply),
    compose,
    membership,
  });
  const server = createServer({
    mode: config.mode,
    adapter,
    router,
    logger,
    resolveUser,
    tabRoutes,
    authenticateTab,
    publicRoutes: [...(devSignIn?.routes ?? []), ...tabAuthConfigRoutes(config)],
    tabDirectory: path.resolve('dist/tab'),
    tabHeaders: tabSecurityHeaders(),
    tabRateLimiter: new SlidingWindowRateLimiter(config.TAB_RATE_LIMIT_PER_MINUTE, 60_000),
    inboundGuard: createInboundGuard({
      config,
      logger,
      isAllowedServiceUrl,
      dedupe: createDedupe({ repository: claimsRepository, logger }),
    }),
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, mode: config.mode, singleInstance }, 'bot listening');
  if (config.mode === 'production' && !config.EXPERT_CHANNEL) {
    // Tickets are then only stored (askers are told so): say it where the operator looks first.
    logger.warn('EXPERT_CHANNEL is not set: "Ask OPH" tickets are stored but reach no expert until it is');
  }
  void repostTickets();
  outbox.start();
  scheduler.start();
  void purgeLookupAudit();
  const retentionTimer = setInterval(() => void purgeLookupAudit(), 6 * 3_600_000).unref();

  return {
    url: `http://localhost:${port}`,
    port,
    store,
    logger,
    async stop() {
      // Stop accepting; requests in flight (running turns) finish, idle keep-alive sockets are closed.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      await closed;
      await background.drain();
      // Graceful: in-flight sends finish and leased outbox rows are handed back before the store closes.
      await scheduler.stop();
      await outbox.stop();
      clearInterval(retentionTimer);
      await onrClient?.close();
      guidanceEngine.close();
      if (!options.store) await store.close();
    },
  };
}

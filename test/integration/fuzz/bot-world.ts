/**
 * The bot as bot/app.ts builds it — every real feature behind the real BotRouter — on an in-memory
 * SQLite store, with botbuilder's TestAdapter in front, a recording FakeMessenger for proactive
 * messages and the fake ONR test environment behind the look-up. Used by the card-action fuzz suite.
 */
import { randomUUID } from 'node:crypto';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createLogger, type Logger } from '../../../bot/log.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository, type ConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { BotRouter } from '../../../bot/teams/router.js';
import type { Feature } from '../../../bot/features/types.js';
import type { Role } from '../../../bot/auth/roles.js';
import { createHelpFeature, RUN_COMMAND_VERB } from '../../../bot/features/help/index.js';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/engine.js';
import { createGuidanceFeature } from '../../../bot/features/guidance/index.js';
import { createGuidanceRepository } from '../../../bot/store/guidance-repository.js';
import { createEscalationFeature } from '../../../bot/features/guidance/escalation/index.js';
import { createLookupFeature, createOnrClientFromConfig, type OnrClient } from '../../../bot/features/lookup/index.js';
import { createOnboardingFeature } from '../../../bot/features/onboarding/index.js';
import { createOnboardingRepository } from '../../../bot/store/onboarding-repository.js';
import { createFeedbackFeature, feedbackTabUrl } from '../../../bot/features/feedback/index.js';
import { createAnnouncementsFeature } from '../../../bot/features/announcements/index.js';
import { FAKE_ONR_CREDENTIALS, startFakeOnr, type FakeOnr } from '../../../dev/fake-onr/index.js';
import { seedInstitutions } from '../../../dev/seed/institutions.js';
import { FakeMessenger, TEST_TENANT } from '../../helpers/fakes.js';

export const EXPERT_CHANNEL = '19:experts@thread.tacv2';
export const SERVICE_CHANNEL = '19:service@thread.tacv2';

export interface FuzzUser {
  key: string;
  objectId: string;
  name: string;
  /** null: not in app_users (resolves to Participant). */
  role: Role | null;
  institutionId: string | null;
}

export interface BotWorld {
  store: Store;
  router: BotRouter;
  adapter: TestAdapter;
  messenger: FakeMessenger;
  conversations: ConversationsRepository;
  fakeOnr: FakeOnr;
  logLines: string[];
  users: FuzzUser[];
  institutionIds: string[];
  /** Every Action.Execute verb the features declare (plus the help feature's run-command verb). */
  verbs: string[];
  /** Sends one activity from a user; returns every activity the bot sent back (invoke response included). */
  send(user: FuzzUser, activity: Partial<Activity>): Promise<Array<Partial<Activity>>>;
  invoke(user: FuzzUser, verb: unknown, data: unknown): Promise<Array<Partial<Activity>>>;
  submit(user: FuzzUser, value: Record<string, unknown>): Promise<Array<Partial<Activity>>>;
  say(user: FuzzUser, text: string): Promise<Array<Partial<Activity>>>;
  close(): Promise<void>;
}

export async function createBotWorld(): Promise<BotWorld> {
  const logLines: string[] = [];
  const logger: Logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
  const store = await openStore({ dataDir: ':memory:' });
  await seedInstitutions(store);
  const institutionIds = (await store.db.selectFrom('institutions').select('id').orderBy('id').execute()).map((r) => r.id);

  const users: FuzzUser[] = [
    { key: 'ServiceOwnerAdmin', objectId: 'fuzz-oph-admin', name: 'Fuzz Admin', role: 'ServiceOwnerAdmin', institutionId: null },
    {
      key: 'InstitutionAdmin@A',
      objectId: 'fuzz-inst-a',
      name: 'Fuzz Inst A',
      role: 'InstitutionAdmin',
      institutionId: institutionIds[0]!,
    },
    {
      key: 'InstitutionAdmin@B',
      objectId: 'fuzz-inst-b',
      name: 'Fuzz Inst B',
      role: 'InstitutionAdmin',
      institutionId: institutionIds[1]!,
    },
    { key: 'Vendor', objectId: 'fuzz-vendor', name: 'Fuzz Vendor', role: 'Vendor', institutionId: null },
    { key: 'Participant', objectId: 'fuzz-participant', name: 'Fuzz Participant', role: 'Participant', institutionId: institutionIds[2]! },
    { key: 'no role', objectId: 'fuzz-stranger', name: 'Fuzz Stranger', role: null, institutionId: null },
  ];
  const usersRepository = createUsersRepository(store);
  for (const user of users) {
    if (user.role)
      await usersRepository.upsert({
        tenantId: TEST_TENANT,
        objectId: user.objectId,
        displayName: user.name,
        role: user.role,
        institutionId: user.institutionId,
        locale: null,
      });
  }

  const conversations = createConversationsRepository(store);
  for (const [id, channelName] of [
    [SERVICE_CHANNEL, 'General'],
    [EXPERT_CHANNEL, 'Asiantuntijat'],
  ] as const) {
    await conversations.upsert({
      id,
      kind: 'channel',
      tenantId: TEST_TENANT,
      teamId: id,
      teamName: 'OPH',
      channelName,
      serviceUrl: 'http://127.0.0.1:9/',
      reference: {
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id, conversationType: 'channel', tenantId: TEST_TENANT },
        bot: { id: '28:bot', name: 'Bot' },
      },
    });
  }

  const fakeOnr = await startFakeOnr({ port: 0 });
  const messenger = new FakeMessenger();
  const tabUrl = 'http://localhost:3978/tab/';
  let engine: GuidanceEngine | null = null;
  let onrClient: OnrClient | null = null;
  try {
    engine = await createGuidanceEngine({ kbDir: './kb' });
    const guidanceRepository = createGuidanceRepository(store);
    const escalation = createEscalationFeature({
      repository: guidanceRepository,
      messenger,
      expertChannel: async () => EXPERT_CHANNEL,
      logger,
    });
    onrClient = createOnrClientFromConfig(
      {
        ONR_BASE_URL: fakeOnr.url,
        ONR_AUTH: 'cas',
        ONR_USERNAME: FAKE_ONR_CREDENTIALS.username,
        ONR_PASSWORD: FAKE_ONR_CREDENTIALS.password,
        ONR_CLIENT_ID: undefined,
        ONR_CLIENT_SECRET: undefined,
        ONR_CALLER_ID: '1.2.246.562.10.00000000001.oppijanumero-teams',
      },
      { logger },
    );
    const lookup = createLookupFeature({
      store,
      logger,
      client: onrClient,
      config: { LOOKUP_RATE_LIMIT: 20, LOOKUP_RATE_WINDOW_SECONDS: 600 },
    });
    const guidance = createGuidanceFeature({ engine, recordQuestion: escalation.recordQuestion, logger });
    const onboarding = createOnboardingFeature({ repository: createOnboardingRepository(store), users: usersRepository, tabUrl });
    const feedback = createFeedbackFeature({ store, messenger, logger, tabUrl: feedbackTabUrl('http://localhost:3978') });
    const announcements = createAnnouncementsFeature({
      store,
      conversations,
      serviceChannelId: SERVICE_CHANNEL,
      approval: 'single',
      logger,
    });
    const features: Feature[] = [guidance, escalation, lookup, onboarding, feedback, announcements];
    const help = createHelpFeature({ tabUrl });

    const router = new BotRouter({
      features,
      help,
      resolveUser: createUserResolver(usersRepository),
      installations: createInstallationTracker(conversations, logger),
      logger,
      sendPrivately: (user, reply) => messenger.sendToUser(user, () => reply),
    });
    const adapter = new TestAdapter((context) => router.run(context));
    const verbs = [...new Set([RUN_COMMAND_VERB, ...[help, ...features].flatMap((f) => f.actions ?? []).flatMap((a) => a.verbs)])].sort();

    const send = async (user: FuzzUser, activity: Partial<Activity>) => {
      while (adapter.activeQueue.length) adapter.getNextReply();
      await adapter.processActivity({
        type: ActivityTypes.Message,
        id: randomUUID(),
        channelId: 'msteams',
        locale: 'fi-FI',
        from: { id: `29:${user.objectId}`, name: user.name, aadObjectId: user.objectId },
        recipient: { id: '28:bot', name: 'Bot' },
        conversation: { id: `a:personal-${user.objectId}`, conversationType: 'personal', tenantId: TEST_TENANT, isGroup: false, name: '' },
        serviceUrl: 'http://127.0.0.1:9/',
        ...activity,
      });
      const replies: Array<Partial<Activity>> = [];
      while (adapter.activeQueue.length) replies.push(adapter.getNextReply());
      return replies;
    };

    return {
      store,
      router,
      adapter,
      messenger,
      conversations,
      fakeOnr,
      logLines,
      users,
      institutionIds,
      verbs,
      send,
      invoke: (user, verb, data) =>
        send(user, { type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } }),
      submit: (user, value) => send(user, { text: '', value }),
      say: (user, text) => send(user, { text }),
      async close() {
        engine?.close();
        await onrClient?.close();
        await fakeOnr.stop();
        await store.close();
      },
    };
  } catch (error) {
    engine?.close();
    await onrClient?.close();
    await fakeOnr.stop();
    await store.close();
    throw error;
  }
}

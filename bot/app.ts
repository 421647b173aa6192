import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { openStore, type Store } from './store/db.js';
import { createUsersRepository } from './store/users-repository.js';
import { createConversationsRepository } from './store/conversations-repository.js';
import { createUserResolver } from './auth/resolve-user.js';
import { createAdapter } from './teams/adapter.js';
import { BotRouter } from './teams/router.js';
import { createInstallationTracker } from './teams/installations.js';
import { createMessenger } from './teams/messenger.js';
import { createServiceUrlPolicy } from './teams/service-url.js';
import { createInboundGuard } from './teams/inbound-auth.js';
import { createDedupe } from './teams/dedupe.js';
import { createReliabilityRepository } from './store/reliability-repository.js';
import { createServer } from './server.js';
import { createHelpFeature } from './features/help/index.js';
import type { Feature, TabRoute } from './features/types.js';
import { AppError } from './errors.js';

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
}

/**
 * The composition root: builds every object once and wires them together. No logic lives here.
 */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const store = options.store ?? (await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  const users = createUsersRepository(store);
  const conversations = createConversationsRepository(store);
  const resolveUser = createUserResolver(users);
  const adapter = createAdapter(config, logger);
  const isAllowedServiceUrl = createServiceUrlPolicy({ mode: config.mode, extraHosts: config.ALLOWED_SERVICE_URL_HOSTS });
  const messenger = createMessenger({ adapter, appId: config.MICROSOFT_APP_ID ?? '', conversations, isAllowedServiceUrl });
  const publicBase = config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
  const tabUrl = `${publicBase}/tab/`;

  const help = createHelpFeature({ tabUrl });
  const features: Feature[] = [];
  const tabRoutes: TabRoute[] = [];
  void messenger;

  const router = new BotRouter({
    features,
    help,
    resolveUser,
    installations: createInstallationTracker(conversations, logger),
    logger,
  });
  const server = createServer({
    mode: config.mode,
    adapter,
    router,
    logger,
    resolveUser,
    tabRoutes,
    authenticateTab: async () => {
      throw new AppError('UNAUTHENTICATED');
    },
    tabDirectory: path.resolve('dist/tab'),
    tabHeaders: {},
    inboundGuard: createInboundGuard({ config, logger, isAllowedServiceUrl, dedupe: createDedupe({ repository: createReliabilityRepository(store), logger }) }),
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, mode: config.mode }, 'bot listening');

  return {
    url: `http://localhost:${port}`,
    port,
    store,
    logger,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.store) await store.close();
    },
  };
}

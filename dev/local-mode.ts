import type { Config } from '../bot/config.js';
import type { Logger } from '../bot/log.js';
import { startApp, type RunningApp } from '../bot/app.js';
import { startPlayground, type Playground } from './playground.js';
import { seedPlaygroundUsers } from './seed/users.js';
import { seedInstitutions } from './seed/institutions.js';
import { FAKE_ONR_CREDENTIALS, NOT_FOUND_HETU, seedPersonViews, startFakeOnr, type FakeOnr } from './fake-onr/index.js';

export interface LocalStack {
  app: RunningApp;
  playground: Playground | null;
  /** The fake ONR test environment, unless ONR_BASE_URL points elsewhere. */
  fakeOnr: FakeOnr | null;
  config: Config;
  /** Every URL a newcomer needs, one per line. */
  banner(): string;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Start the Agents Playground (LOCAL_PLAYGROUND); tests start their own on a free port. */
  playground?: boolean;
}

/**
 * Local mode: everything a newcomer needs on one machine, no Microsoft account — the fake ONR test
 * environment, the app, seed data and the Agents Playground. `npm start` and the e2e tests both use it.
 */
export async function startLocalStack(config: Config, logger: Logger, options: LocalStackOptions = {}): Promise<LocalStack> {
  if (config.mode !== 'local') throw new Error('local stack requested in production mode');
  const stops: Array<() => Promise<void>> = [];
  try {
    let fakeOnr: FakeOnr | null = null;
    if (!config.ONR_BASE_URL) {
      fakeOnr = await startFakeOnr({ port: config.FAKE_ONR_PORT });
      stops.unshift(() => fakeOnr!.stop());
      config = {
        ...config,
        ONR_BASE_URL: fakeOnr.url,
        ONR_AUTH: 'cas',
        ONR_USERNAME: FAKE_ONR_CREDENTIALS.username,
        ONR_PASSWORD: FAKE_ONR_CREDENTIALS.password,
      };
    }
    const app = await startApp(config, {
      logger,
      ...(fakeOnr ? { lookupTestPersons: seedPersonViews(), lookupNotFoundHetu: NOT_FOUND_HETU } : {}),
    });
    stops.unshift(app.stop);
    // Institutions first: the Playground users are mapped to institutions by position.
    await seedInstitutions(app.store);
    await seedPlaygroundUsers(app.store);

    let playground: Playground | null = null;
    if (options.playground ?? config.LOCAL_PLAYGROUND) {
      try {
        playground = await startPlayground({ botEndpoint: `${app.url}/api/messages`, port: config.PLAYGROUND_PORT });
        stops.unshift(playground.stop);
      } catch (error) {
        logger.warn({ err: error }, 'the Agents Playground did not start; the bot keeps running');
      }
    }
    const banner = () =>
      [
        '',
        'Oppijanumero Teams app — local mode',
        `  Bot endpoint:      ${app.url}/api/messages`,
        `  Tab:               ${app.url}/tab/`,
        `  Health:            ${app.url}/healthz`,
        `  Fake ONR (test):   ${fakeOnr ? `${fakeOnr.url} (/__fake/stats, /__fake/persons)` : `not started (ONR_BASE_URL=${config.ONR_BASE_URL})`}`,
        `  Agents Playground: ${playground ? playground.url : 'not started (LOCAL_PLAYGROUND=false)'}`,
        '  Stop with Ctrl-C.',
        '',
      ].join('\n');
    return {
      app,
      playground,
      fakeOnr,
      config,
      banner,
      async stop() {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}

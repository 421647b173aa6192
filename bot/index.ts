import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { startApp } from './app.js';

/**
 * Entry point: configuration, then the app; in local mode also the fake ONR test environment, seed
 * data and the Agents Playground. Ctrl-C (SIGINT) or SIGTERM stops everything cleanly.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const started = Date.now();
  const stops: Array<() => Promise<void>> = [];

  if (config.mode === 'local') {
    const { startLocalMode } = await import('../dev/local-mode.js');
    const local = await startLocalMode(config, logger);
    config = local.config;
    stops.push(local.stopDependencies);
  }
  const app = await startApp(config, { logger });
  stops.unshift(app.stop);

  if (config.mode === 'local') {
    const { afterAppStarted } = await import('../dev/local-mode.js');
    stops.unshift(await afterAppStarted(config, app, logger));
  }
  logger.info({ startupMs: Date.now() - started, rssMb: Math.round(process.memoryUsage().rss / 1048576) }, 'ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    for (const stop of stops) {
      try {
        await stop();
      } catch (error) {
        logger.warn({ err: error }, 'error while stopping');
      }
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});

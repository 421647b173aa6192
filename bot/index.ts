import { ConfigError, loadEntryConfig, type Config } from './config.js';
import { silenceKnownWarnings } from './known-warnings.js';
import { chooseLogFormat, createLogger, prettyDestination } from './log.js';

/**
 * Entry point: configuration, then the app — in local mode the whole local stack (fake ONR test
 * environment, seed data, Agents Playground). Ctrl-C (SIGINT) or SIGTERM stops everything cleanly.
 * `npm start` runs it with `--local` (local mode allowed); `npm run start:prod` without, so a
 * deployment missing the bot identity stops here with the missing settings named.
 */
async function main(): Promise<void> {
  // Before anything loads restify (app.js and local-mode.js are imported below, on purpose not statically).
  silenceKnownWarnings();
  let config: Config;
  try {
    config = loadEntryConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const format = chooseLogFormat({ isTty: process.stdout.isTTY === true, mode: config.mode });
  const logger = createLogger({ level: config.LOG_LEVEL, destination: format === 'pretty' ? await prettyDestination() : undefined });
  // botbuilder reports refused requests with console.error (token details included); send those
  // through the redacting logger instead of straight to stderr.
  console.error = (...args: unknown[]) => logger.warn({ console: args }, 'library console.error');
  const started = Date.now();
  let stop: () => Promise<void>;
  if (config.mode === 'local') {
    const { startLocalStack } = await import('../dev/local-mode.js');
    const stack = await startLocalStack(config, logger);
    stop = stack.stop;
    process.stdout.write(`${stack.banner()}\n`);
  } else {
    const { startApp } = await import('./app.js');
    stop = (await startApp(config, { logger })).stop;
  }
  logger.info({ startupMs: Date.now() - started, rssMb: Math.round(process.memoryUsage().rss / 1048576) }, 'ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await stop();
    } catch (error) {
      logger.warn({ err: error }, 'error while stopping');
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

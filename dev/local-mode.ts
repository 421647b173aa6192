import type { Config } from '../bot/config.js';
import type { Logger } from '../bot/log.js';
import type { RunningApp } from '../bot/app.js';
import { startPlayground } from './playground.js';
import { seedPlaygroundUsers } from './seed/users.js';

/**
 * Local mode: everything a newcomer needs on one machine, no Microsoft account. Dependencies (the
 * fake ONR test environment) start before the app; seed data and the Playground after it.
 */
export async function startLocalMode(config: Config, _logger: Logger): Promise<{ config: Config; stopDependencies: () => Promise<void> }> {
  return { config, stopDependencies: async () => undefined };
}

export async function afterAppStarted(config: Config, app: RunningApp, logger: Logger): Promise<() => Promise<void>> {
  await seedPlaygroundUsers(app.store);
  const lines = [
    '',
    'Oppijanumero Teams app — local mode',
    `  Bot endpoint:     ${app.url}/api/messages`,
    `  Tab:              ${app.url}/tab/`,
    `  Health:           ${app.url}/healthz`,
  ];
  let stopPlayground = async () => undefined as void;
  if (config.LOCAL_PLAYGROUND) {
    try {
      const playground = await startPlayground({ botEndpoint: `${app.url}/api/messages`, port: config.PLAYGROUND_PORT });
      stopPlayground = playground.stop;
      lines.push(`  Agents Playground: ${playground.url}`);
    } catch (error) {
      logger.warn({ err: error }, 'the Agents Playground did not start; the bot keeps running');
    }
  } else {
    lines.push('  Agents Playground: not started (LOCAL_PLAYGROUND=false)');
  }
  lines.push('  Stop with Ctrl-C.', '');
  console.log(lines.join('\n'));
  return stopPlayground;
}

/**
 * The app in local mode for suites that drive it over HTTP themselves: free ports, its own SQLite
 * folder, no Playground, silent logs. The tab e2e suites also build dist/tab first (startTabStack).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { startLocalStack, type LocalStack } from '../../dev/local-mode.js';
import { buildTabIntoDist } from './tab-dist.js';

export interface QuietLocalStack {
  stack: LocalStack;
  /** Stops the app and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * `name` prefixes the temporary data folder (e.g. "tab-deletes-e2e"); `env` adds to or overrides the
 * configuration (e.g. a lower TAB_RATE_LIMIT_PER_MINUTE).
 */
export async function startQuietLocalStack(name: string, env: Record<string, string> = {}): Promise<QuietLocalStack> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `${name}-`));
  try {
    const config = loadConfig({
      LOCAL_MODE: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      FAKE_ONR_PORT: '0',
      LOCAL_PLAYGROUND: 'false',
      LOG_LEVEL: 'silent',
      ...env,
    });
    const stack = await startLocalStack(config, createLogger({ level: 'silent' }), { playground: false });
    return {
      stack,
      async stop() {
        await stack.stop();
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** startQuietLocalStack serving a freshly built dist/tab: what the tab e2e suites open in Chromium. */
export async function startTabStack(name: string): Promise<QuietLocalStack> {
  await buildTabIntoDist();
  return startQuietLocalStack(name);
}

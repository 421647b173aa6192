/**
 * The whole local-mode app for end-to-end tests: the fake ONR test environment, the real app
 * (bot/app.ts) with seed data — both from dev/local-mode.ts — plus the Agents Playground on a free
 * port and one Chromium page driving it (test/helpers/playground.ts). Start it once per file:
 *
 *   const e2e = await startE2eStack();
 *   const sent = await e2e.client.sendText('personal', 'apua');
 *   ...
 *   await e2e.stop();            // browser, Playground, app, fake ONR, temp data dir: nothing left running
 *
 * The app logs at `warn` into memory (never to the console) so a failing test can show what the app
 * complained about (`e2e.appLog()`); E2E_LOG_LEVEL overrides the level.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { startLocalStack, type LocalStack } from '../../dev/local-mode.js';
import { startLocaleProxy, type LocaleProxy } from './locale-proxy.js';
import {
  openClient,
  startPlayground,
  type BotActivity,
  type Playground,
  type PlaygroundClient,
  type PlaygroundConversations,
} from './playground.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots of the e2e scenarios (git-ignored with the rest of test-artifacts/). */
export const E2E_ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

/** One seeded person of the fake ONR (GET /__fake/persons). */
export interface FakePerson {
  hetu: string | null;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  oid: string;
  oppijanumero: string | null;
  passivoitu?: boolean;
  linked?: string[];
  scenario?: string;
}

export interface E2eStack {
  stack: LocalStack;
  /** The Finnish (or other) client in front of the app, when `locale` was asked for. */
  proxy: LocaleProxy | null;
  playground: Playground;
  client: PlaygroundClient;
  conv: PlaygroundConversations;
  /** Base URL of the fake ONR (control API under /__fake). */
  fakeOnrUrl: string;
  /** Requests the fake ONR has served outside /__fake. */
  fakeOnrRequests(): Promise<number>;
  fakePersons(): Promise<FakePerson[]>;
  /** The app's log lines (JSON, already redacted by the app's logger) at E2E_LOG_LEVEL or above. */
  appLog(): string[];
  /** Start-up timings in ms. */
  figures: { stackMs: number; playgroundMs: number; browserMs: number };
  stop(): Promise<void>;
}

export interface StartE2eOptions {
  /** App log level kept in memory; default E2E_LOG_LEVEL or 'warn'. */
  logLevel?: string;
  /** Default wait timeout of the Playground client; default 15 s. */
  timeoutMs?: number;
  /**
   * The Playground stamps every activity en-US; with a locale (e.g. fi-FI) a proxy in front of the app
   * plays a client in that language.
   */
  locale?: string;
  /** Browser viewport; taller pages fit a whole form card into one screenshot. */
  viewport?: { width: number; height: number };
}

/**
 * False for a repeated copy of a bot message. When the bot answers in a channel thread the page did not
 * start itself (a post made through the HTTP route), the Playground page (0.2.28) throws "Invalid
 * conversation id <channel>;messageid=…", restarts its saga and opens a second conversation websocket
 * without closing the first; from then on the harness records every frame once per socket. Waits that
 * pick "the next card" must skip those copies (an update counts as a copy only with identical cards).
 */
export function isFirstCopy(client: Pick<PlaygroundClient, 'activities'>, activity: BotActivity): boolean {
  const key = (a: BotActivity) => `${a.kind}|${a.conversationId}|${a.id}|${a.kind === 'update' ? JSON.stringify(a.cards) : ''}`;
  const wanted = key(activity);
  return client.activities.find((a) => key(a) === wanted) === activity;
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

export async function startE2eStack(options: StartE2eOptions = {}): Promise<E2eStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oppijanumero-e2e-'));
  await mkdir(E2E_ARTIFACTS, { recursive: true });
  const lines: string[] = [];
  const level = options.logLevel ?? process.env.E2E_LOG_LEVEL ?? 'warn';
  const logger = createLogger({
    level,
    destination: {
      write(line: string) {
        lines.push(line.trimEnd());
        if (lines.length > 500) lines.shift();
      },
    },
  });
  const config = loadConfig({
    LOCAL_MODE: 'true',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    FAKE_ONR_PORT: '0',
    LOCAL_PLAYGROUND: 'false',
    LOG_LEVEL: level === 'silent' ? 'silent' : 'warn',
    KB_DIR: path.join(REPO_ROOT, 'kb'),
  });

  let stack: LocalStack | undefined;
  let proxy: LocaleProxy | null = null;
  let playground: Playground | undefined;
  let client: PlaygroundClient | undefined;
  const cleanup = async () => {
    await client?.close().catch(() => undefined);
    await playground?.stop().catch(() => undefined);
    await proxy?.close().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    let started = Date.now();
    stack = await startLocalStack(config, logger, { playground: false });
    const stackMs = Date.now() - started;
    if (!stack.fakeOnr) throw new Error('the local stack did not start the fake ONR');
    const fakeOnrUrl = stack.fakeOnr.url;

    // 127.0.0.1, not the app's `localhost` URL: the app listens on IPv4 only and localhost may resolve to ::1.
    const appBase = `http://127.0.0.1:${stack.app.port}`;
    if (options.locale) proxy = await startLocaleProxy(appBase, options.locale);
    started = Date.now();
    playground = await startPlayground({ botEndpoint: `${proxy?.url ?? appBase}/api/messages` });
    const playgroundMs = Date.now() - started;

    started = Date.now();
    client = await openClient(playground.url, {
      timeoutMs: options.timeoutMs ?? 15_000,
      ...(options.viewport ? { viewport: options.viewport } : {}),
    });
    const browserMs = Date.now() - started;
    const conv = await client.conversations();

    const running = { stack, proxy, playground, client };
    let stopped = false;
    return {
      ...running,
      conv,
      fakeOnrUrl,
      fakeOnrRequests: async () => ((await getJson(`${fakeOnrUrl}/__fake/stats`)) as { requests: number }).requests,
      fakePersons: async () => (await getJson(`${fakeOnrUrl}/__fake/persons`)) as FakePerson[],
      appLog: () => [...lines],
      figures: { stackMs, playgroundMs, browserMs },
      async stop() {
        if (stopped) return;
        stopped = true;
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Launches the Microsoft 365 Agents Playground CLI (from node_modules, no npx) as a Teams client pointed at
 * a bot: local mode (`npm start`) and the end-to-end harness (test/helpers/playground.ts) both use it.
 * It runs in a temporary working folder (its log file lands there, not in the repository), in its own
 * process group, and the real port is read from its "Listening on N" line: the CLI silently moves to a
 * random port when the one asked for is busy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------------------
// Playground process
// ---------------------------------------------------------------------------------------------------------

export interface StartPlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** Port to ask for; default: a free port picked now (never 56150, so a dev instance is not disturbed). */
  port?: number;
  /** Channel the Playground emulates; default msteams. */
  channelId?: 'msteams' | 'webchat' | 'directline' | 'emulator' | 'agents';
  /** A .m365agentsplayground.yml to use; default: the built-in config (see the header comment). */
  configPath?: string;
  /** Fixed id for the personal chat (CLI --conversation-id); default random. */
  personalChatId?: string;
  /** How long to wait for the HTTP port to answer; default 60 s. */
  timeoutMs?: number;
  /** Echo the CLI's output to this process's stderr (debugging). */
  verbose?: boolean;
}

export interface Playground {
  url: string;
  port: number;
  pid: number;
  /** Milliseconds from spawn until /_debug/ping answered. */
  startupMs: number;
  /** The CLI's stdout/stderr so far plus the tail of its log file. */
  output(): Promise<string>;
  stop(): Promise<void>;
}

/** Process groups still running; killed synchronously if this process exits without stop(). */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** Path of the CLI inside node_modules; run with this Node directly (what `npx agentsplayground` runs). */
export function playgroundCliPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
}

/** The Playground's default port, left alone so a developer's own instance keeps working. */
export const DEFAULT_PLAYGROUND_PORT = 56150;

/** A port that was free a moment ago on all interfaces (the Playground listens on all of them); never 56150. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, () => {
        const address = server.address();
        const picked = typeof address === 'object' && address ? address.port : 0;
        server.close(() => (picked ? resolve(picked) : reject(new Error('could not pick a free port'))));
      });
    });
    if (port !== DEFAULT_PLAYGROUND_PORT) return port;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with `promise`, or rejects after `ms` — without leaving a timer behind either way. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function tail(file: string, chars: number): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).slice(-chars);
  } catch {
    return '';
  }
}

/**
 * Spawns the Playground CLI in its own process group and resolves once its HTTP port answers.
 * Rejects with the CLI's output if it exits or does not answer within `timeoutMs`.
 */
export async function startPlayground(options: StartPlaygroundOptions): Promise<Playground> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const requestedPort = options.port ?? (await freePort());
  const workDir = await mkdtemp(path.join(tmpdir(), 'agents-playground-'));
  const logFile = path.join(workDir, 'playground.log');
  const args = [playgroundCliPath(), '-e', options.botEndpoint, '-c', options.channelId ?? 'msteams', '--dt', '-p', String(requestedPort)];
  if (options.personalChatId) args.push('--conversation-id', options.personalChatId);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
  // Never inherit settings that would silently change what the harness expects.
  for (const name of [
    'BOT_ENDPOINT',
    'DEFAULT_CHANNEL_ID',
    'TEAMSAPPTESTER_PORT',
    'M365_AGENTS_PLAYGROUND_CONFIG_PATH',
    'TEAMS_APP_TEST_TOOL_CONFIG_PATH',
    'M365_AGENTS_PLAYGROUND_DELIVERY_MODE',
    'M365_AGENTS_PLAYGROUND_SERVICE_URL',
    'M365_AGENTS_PLAYGROUND_TARGET_SDK',
  ]) {
    delete env[name];
  }
  if (options.configPath) env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = path.resolve(options.configPath);

  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: workDir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('Agents Playground: spawn failed (no pid)');
  installExitHook();
  liveGroups.add(pid);

  let consoleOutput = '';
  let listeningPort: number | null = null;
  let exitInfo: string | null = null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString();
    consoleOutput = (consoleOutput + text).slice(-20_000);
    if (options.verbose) process.stderr.write(`[playground ${stream}] ${text}`);
    const match = /Listening on (\d+)/.exec(consoleOutput);
    if (match?.[1]) listeningPort = Number(match[1]);
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  child.once('exit', (code, signal) => {
    exitInfo = `exit code ${code ?? 'none'}, signal ${signal ?? 'none'}`;
    liveGroups.delete(pid);
  });

  const output = async () =>
    `--- CLI output ---\n${consoleOutput || '(none)'}\n--- ${logFile} (tail) ---\n${(await tail(logFile, 6000)) || '(empty)'}`;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exitInfo === null) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // group already gone
      }
      const killed = await withTimeout(exited, 5000, 'no exit after SIGTERM').then(
        () => true,
        () => false,
      );
      if (!killed) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
        await withTimeout(exited, 2000, 'no exit after SIGKILL').catch(() => undefined);
      }
    }
    liveGroups.delete(pid);
    child.stdout?.destroy();
    child.stderr?.destroy();
    await rm(workDir, { recursive: true, force: true });
  };

  // Wait for our own child's "Listening on N" (a busy port makes it pick another one), then for HTTP.
  const deadline = started + timeoutMs;
  let lastError = 'no answer yet';
  try {
    while (Date.now() < deadline) {
      if (exitInfo !== null) throw new Error(`Agents Playground exited before answering (${exitInfo})`);
      if (listeningPort !== null) {
        try {
          const response = await fetch(`http://127.0.0.1:${listeningPort}/_debug/ping`, {
            signal: AbortSignal.timeout(2000),
          });
          if (response.ok) {
            const port = listeningPort;
            return { url: `http://localhost:${port}`, port, pid, startupMs: Date.now() - started, output, stop };
          }
          lastError = `/_debug/ping answered ${response.status}`;
        } catch (error) {
          lastError = String(error);
        }
      }
      await sleep(100);
    }
    throw new Error(
      `Agents Playground did not answer within ${timeoutMs} ms (requested port ${requestedPort}, ` +
        `listening port ${listeningPort ?? 'not reported'}, last error: ${lastError})`,
    );
  } catch (error) {
    const details = await output();
    await stop();
    throw new Error(`${(error as Error).message}\n${details}`, { cause: error });
  }
}

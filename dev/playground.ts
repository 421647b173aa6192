import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface RunningPlayground {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Path of the Agents Playground CLI inside node_modules (no npx: no network, no prompts). */
export function playgroundCli(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@microsoft/m365agentsplayground/package.json');
  return path.join(path.dirname(pkg), 'cli.js');
}

async function waitForHttp(url: string, timeoutMs: number, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit !== null) throw new Error(`Agents Playground exited early: ${exit}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Agents Playground did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * Starts the Microsoft 365 Agents Playground as a Teams client (channel msteams, telemetry off)
 * pointed at the bot, in its own process group so stop() ends it and its children.
 */
export async function startPlayground(options: { botEndpoint: string; port: number; timeoutMs?: number; quiet?: boolean }): Promise<RunningPlayground> {
  const child = spawn(
    process.execPath,
    [playgroundCli(), '-e', options.botEndpoint, '-c', 'msteams', '--dt', '-p', String(options.port)],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BROWSER: 'none', CI: 'true' } },
  );
  let output = '';
  let exitInfo: string | null = null;
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    if (!options.quiet) process.stdout.write(`[playground] ${chunk.toString()}`);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    exitInfo = `code ${code ?? ''} signal ${signal ?? ''}\n${output}`;
  });
  const url = `http://localhost:${options.port}`;
  const stop = async () => {
    if (exitInfo !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHttp(url, options.timeoutMs ?? 60_000, () => exitInfo);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port: options.port, process: child, stop };
}

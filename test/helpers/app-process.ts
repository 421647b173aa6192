/**
 * Starts the real app (`node --import tsx bot/index.ts --local`, what `npm start` runs) as a child process, as an operator would, and
 * finds its URL in the start-up banner. Tests that need several instances (or a real signal) use it.
 */
import { spawnWatched } from './watched-process.js';

export interface AppProcess {
  /** Base URL, e.g. http://127.0.0.1:34567 (no trailing slash). */
  url: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then the exit code (null when a signal ended it). SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

const BANNER = /Bot endpoint:\s+(http:\/\/\S+)\/api\/messages/;

export async function startAppProcess(env: Record<string, string>, startTimeoutMs = 45_000): Promise<AppProcess> {
  const watched = spawnWatched(process.execPath, ['--import', 'tsx', 'bot/index.ts', '--local'], {
    env: { ...process.env, CI: '', ...env },
  });
  const { child, exited, output } = watched;
  const url = (await watched.waitFor(BANNER, startTimeoutMs))?.[1];
  if (!url) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw new Error(`the app did not start (no banner within ${startTimeoutMs} ms):\n${output()}`);
  }
  // The banner says "localhost"; the process listens on HOST (127.0.0.1), and Node may resolve
  // localhost to ::1 first.
  const base = url.replace('//localhost:', '//127.0.0.1:');
  return {
    url: base,
    pid: child.pid!,
    output,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

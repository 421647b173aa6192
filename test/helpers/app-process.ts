/**
 * Starts the real app (`node --import tsx bot/index.ts --local`, what `npm start` runs) as a child process, as an operator would, and
 * finds its URL in the start-up banner. Tests that need several instances (or a real signal) use it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

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
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'bot/index.ts', '--local'], {
    env: { ...process.env, CI: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));

  const started = Date.now();
  let url: string | undefined;
  while (!url && !exitedEarly && Date.now() - started < startTimeoutMs) {
    url = BANNER.exec(output)?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!url) {
    if (!exitedEarly) child.kill('SIGKILL');
    await exited;
    throw new Error(`the app did not start (no banner within ${startTimeoutMs} ms):\n${output}`);
  }
  // The banner says "localhost"; the process listens on HOST (127.0.0.1), and Node may resolve
  // localhost to ::1 first.
  const base = url.replace('//localhost:', '//127.0.0.1:');
  return {
    url: base,
    pid: child.pid!,
    output: () => output,
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

/**
 * A child process whose stdout and stderr are collected, for tests that start the app (or another
 * program) as an operator would and wait for what it logs.
 */
import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptionsWithoutStdio } from 'node:child_process';

export interface WatchedProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** The exit code once it has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  /**
   * The first match of `pattern` in the output, waiting for it up to `timeoutMs`; null when the time ran
   * out or the process exited without writing it.
   */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray | null>;
}

export function spawnWatched(command: string, args: readonly string[], options: SpawnOptionsWithoutStdio = {}): WatchedProcess {
  const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let hasExited = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      hasExited = true;
      resolve(code);
    }),
  );
  return {
    child,
    output: () => output,
    exited,
    async waitFor(pattern, timeoutMs) {
      const started = Date.now();
      for (;;) {
        const match = pattern.exec(output);
        if (match || hasExited || Date.now() - started >= timeoutMs) return match;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

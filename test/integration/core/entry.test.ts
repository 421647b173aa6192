/**
 * Issue 12 item 3: the production entry (`npm run start:prod` runs the same bot/index.ts, compiled,
 * without `--local`) refuses to start without the bot identity and names the missing settings, where
 * it used to open local mode with a dev sign-in.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';

function runEntry(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'bot/index.ts', ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ code: child.exitCode ?? (error ? 1 : 0), output: `${stdout}${stderr}` }),
    );
  });
}

describe('issue 12 item 3: the production entry never falls back to local mode', () => {
  it('without the bot identity it exits 1 naming the missing settings, and serves nothing', async function () {
    this.timeout(40_000);
    const { code, output } = await runEntry([], { PORT: '0', LOCAL_PLAYGROUND: 'false', DATA_DIR: ':memory:' });
    assert.equal(code, 1, output);
    for (const key of ['MICROSOFT_APP_ID', 'MICROSOFT_APP_TENANT_ID', 'TAB_CLIENT_ID', 'PUBLIC_BASE_URL'])
      assert.match(output, new RegExp(key));
    assert.doesNotMatch(output, /app — local mode|Bot endpoint:/, 'no local stack started');
  });
});

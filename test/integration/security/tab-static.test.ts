/** Issue 12 item 11: the tab's source maps are served in local mode only, never in production. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import { createServer } from '../../../bot/server.js';
import type { BotRouter } from '../../../bot/teams/router.js';
import { createLogger } from '../../../bot/log.js';
import { AppError } from '../../../bot/errors.js';

async function serveTab(mode: 'local' | 'production', tabDirectory: string) {
  const server = createServer({
    mode,
    adapter: {} as CloudAdapter,
    router: {} as BotRouter,
    logger: createLogger({ level: 'silent' }),
    authenticateTab: async () => {
      throw new AppError('UNAUTHENTICATED');
    },
    resolveUser: async () => {
      throw new Error('not used');
    },
    tabRoutes: [],
    tabDirectory,
    tabHeaders: {},
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('issue 12 item 11: tab source maps', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-static-'));
    fs.writeFileSync(path.join(dir, 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map\n');
    fs.writeFileSync(path.join(dir, 'app.js.map'), '{"version":3,"sources":["tab/app.ts"],"mappings":""}');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('production mode answers 404 for /tab/*.map and still serves the bundle', async () => {
    const server = await serveTab('production', dir);
    try {
      assert.equal((await fetch(`${server.url}/tab/app.js.map`)).status, 404);
      assert.equal((await fetch(`${server.url}/tab/app.js`)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('local mode serves the source maps (debugging)', async () => {
    const server = await serveTab('local', dir);
    try {
      assert.equal((await fetch(`${server.url}/tab/app.js.map`)).status, 200);
    } finally {
      await server.close();
    }
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../bot/config.js';
import { createLogger } from '../../../bot/log.js';
import { startLocalStack, type LocalStack } from '../../../dev/local-mode.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { PLAYGROUND_TENANT } from '../../../dev/seed/users.js';

const ALEX = '00000000-0000-0000-0000-0000000000020';

describe('role changes take effect at once', function () {
  this.timeout(30_000);
  let stack: LocalStack;
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'revocation-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, FAKE_ONR_PORT: '0', LOCAL_PLAYGROUND: 'false' });
    stack = await startLocalStack(config, createLogger({ level: 'silent' }), { playground: false });
  });
  after(async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('A-TAB-5 / A-TAB-2: a revoked admin is refused on the next tab call with the same token; claims in the body are ignored', async () => {
    const signIn = await fetch(`${stack.app.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ objectId: ALEX }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    assert.equal((await fetch(`${stack.app.url}/api/tab/admin/users`, { headers: auth })).status, 200);

    const users = createUsersRepository(stack.app.store);
    const alex = await users.find(PLAYGROUND_TENANT, ALEX);
    assert.ok(alex);
    await users.upsert({ ...alex, role: 'Participant' });
    try {
      assert.equal((await fetch(`${stack.app.url}/api/tab/admin/users`, { headers: auth })).status, 403);
      const me = (await (await fetch(`${stack.app.url}/api/tab/me?objectId=someone-else&tenantId=x`, { headers: auth })).json()) as { objectId: string; role: string };
      assert.equal(me.objectId, ALEX, 'identity comes from the token, not the query');
      assert.equal(me.role, 'Participant');
    } finally {
      await users.upsert(alex);
    }
  });

  it('A-TAB-1: no token, a garbage token or a foreign scheme → 401 with a generic body', async () => {
    for (const headers of [{}, { authorization: 'Bearer abc.def.ghi' }, { authorization: 'Basic eDp5' }] as Array<Record<string, string>>) {
      const response = await fetch(`${stack.app.url}/api/tab/me`, { headers });
      assert.equal(response.status, 401);
      const body = (await response.json()) as { error: string };
      assert.equal(body.error, 'UNAUTHENTICATED');
    }
  });
});

import assert from 'node:assert/strict';
import type { LocalStack } from '../../../dev/local-mode.js';
import { startQuietLocalStack, type QuietLocalStack } from '../../helpers/local-stack.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { PLAYGROUND_TENANT } from '../../../dev/seed/users.js';

const ALEX = '00000000-0000-0000-0000-0000000000020';

describe('role changes take effect at once', function () {
  this.timeout(30_000);
  let stack: LocalStack;
  let local: QuietLocalStack;

  before(async () => {
    local = await startQuietLocalStack('revocation');
    stack = local.stack;
  });
  after(async () => {
    await local.stop();
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
      const me = (await (await fetch(`${stack.app.url}/api/tab/me?objectId=someone-else&tenantId=x`, { headers: auth })).json()) as {
        objectId: string;
        role: string;
      };
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

describe('tab API rate limit', function () {
  this.timeout(30_000);

  it('A-PRIV-8: above the per-user limit the tab API answers 429 with Retry-After; other users are unaffected', async () => {
    const local = await startQuietLocalStack('tab-rate', { TAB_RATE_LIMIT_PER_MINUTE: '5' });
    const { stack } = local;
    try {
      const tokenFor = async (objectId: string) => {
        const response = await fetch(`${stack.app.url}/api/tab/dev/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ objectId }),
        });
        return ((await response.json()) as { token: string }).token;
      };
      const alex = { authorization: `Bearer ${await tokenFor(ALEX)}` };
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${stack.app.url}/api/tab/me`, { headers: alex })).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
      const refused = await fetch(`${stack.app.url}/api/tab/me`, { headers: alex });
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.equal(((await refused.json()) as { error: string }).error, 'RATE_LIMITED');
      const megan = { authorization: `Bearer ${await tokenFor('00000000-0000-0000-0000-0000000000021')}` };
      assert.equal((await fetch(`${stack.app.url}/api/tab/me`, { headers: megan })).status, 200);
    } finally {
      await local.stop();
    }
  });
});

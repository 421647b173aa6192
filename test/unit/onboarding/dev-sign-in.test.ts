import assert from 'node:assert/strict';
import { createDevSignIn, createDevSigner, DEV_TOKEN_PREFIX } from '../../../bot/auth/dev-sign-in.js';
import type { AppUserRow, UsersRepository } from '../../../bot/store/users-repository.js';

function fakeUsers(rows: AppUserRow[]): UsersRepository {
  return {
    find: async (tenantId, objectId) => rows.find((r) => r.tenantId === tenantId && r.objectId === objectId),
    list: async () => rows,
    upsert: async () => undefined,
    remove: async () => undefined,
  };
}
const alex: AppUserRow = {
  tenantId: 'local-tenant',
  objectId: 'user-20',
  displayName: 'Alex',
  role: 'ServiceOwnerAdmin',
  institutionId: null,
  locale: null,
};
const megan: AppUserRow = {
  tenantId: 'local-tenant',
  objectId: 'user-21',
  displayName: 'Megan',
  role: 'InstitutionAdmin',
  institutionId: 'inst-a',
  locale: 'sv',
};

describe('development sign-in (local mode only)', () => {
  it('cannot be created outside local mode', () => {
    assert.throws(() => createDevSignIn({ mode: 'production', users: fakeUsers([]) }), /local mode/);
    assert.throws(() => createDevSigner({ mode: 'production' }), /local mode/);
    assert.throws(() => createDevSigner({ mode: 'staging' as 'local' }), /local mode/);
  });

  it('signs short-lived tokens that only its own key verifies', () => {
    let now = new Date('2026-11-26T10:00:00Z');
    const signer = createDevSigner({ mode: 'local', clock: () => now, ttlSeconds: 900 });
    const { token, expiresAt } = signer.sign({ tenantId: 't', objectId: 'o', displayName: 'N' });
    assert.ok(token.startsWith(DEV_TOKEN_PREFIX));
    assert.equal(expiresAt, '2026-11-26T10:15:00.000Z');
    assert.deepEqual(signer.verify(token), { tenantId: 't', objectId: 'o', displayName: 'N' });
    assert.equal(createDevSigner({ mode: 'local', clock: () => now }).verify(token), null, 'another process key');
    assert.equal(signer.verify(`${token}x`), null);
    assert.equal(signer.verify('dev.only-one-part'), null);
    assert.equal(signer.verify('eyJhbGciOi.x.y'), null);
    now = new Date('2026-11-26T10:15:00Z');
    assert.equal(signer.verify(token), null, 'expired');
  });

  it('lists the mapped users and signs in only a known one', async () => {
    const { routes, signer } = createDevSignIn({ mode: 'local', users: fakeUsers([alex, megan]) });
    const list = routes.find((r) => r.path === '/dev/users')!;
    const signIn = routes.find((r) => r.path === '/dev/sign-in')!;
    assert.equal(list.method, 'get');
    assert.equal(signIn.method, 'post');

    const users = await list.handler(undefined);
    assert.equal(users.status, 200);
    assert.deepEqual(
      (users.body as { users: Array<{ objectId: string; role: string }> }).users.map((u) => [u.objectId, u.role]),
      [
        ['user-20', 'ServiceOwnerAdmin'],
        ['user-21', 'InstitutionAdmin'],
      ],
    );

    const ok = await signIn.handler({ objectId: 'user-21' });
    assert.equal(ok.status, 200);
    const token = (ok.body as { token: string }).token;
    assert.deepEqual(signer.verify(token), { tenantId: 'local-tenant', objectId: 'user-21', displayName: 'Megan' });
    assert.equal((await signIn.handler({ tenantId: 'local-tenant', objectId: 'user-20' })).status, 200);

    assert.equal((await signIn.handler({ objectId: 'nobody' })).status, 404);
    assert.equal((await signIn.handler({ objectId: 'user-20', role: 'ServiceOwnerAdmin' })).status, 400, 'no extra keys');
    assert.equal((await signIn.handler({ objectId: '../../etc' })).status, 400);
    assert.equal((await signIn.handler(undefined)).status, 400);
  });
});

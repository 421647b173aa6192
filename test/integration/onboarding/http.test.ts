/** The tab API over HTTP: dev sign-in → bearer token → routes, and the headers of the tab pages. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createDevSignIn } from '../../../bot/auth/dev-sign-in.js';
import { createTabAuthenticator } from '../../../bot/auth/tab-token.js';
import { onboardingTabRoutes, tabSecurityHeaders } from '../../../bot/features/onboarding/index.js';
import { INSTITUTION_A, people, setUp } from './helpers.js';
import { startTabTestServer } from './tab-test-server.js';

const tabSource = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tab');

describe('onboarding tab over HTTP (local mode)', () => {
  let store: Store;
  let server: Awaited<ReturnType<typeof startTabTestServer>>;

  before(async () => {
    store = await openStore({ dataDir: ':memory:' });
    const { deps, users } = await setUp(store);
    const devSignIn = createDevSignIn({ mode: 'local', users });
    server = await startTabTestServer({
      tabRoutes: onboardingTabRoutes(deps),
      publicRoutes: devSignIn.routes,
      authenticate: createTabAuthenticator({ mode: 'local', allowedTenants: [], devSigner: devSignIn.signer }),
      users,
      tabDirectory: tabSource,
      tabHeaders: tabSecurityHeaders(),
    });
  });
  after(async () => {
    await server.close();
    await store.close();
  });

  const signIn = async (objectId: string) => {
    const response = await fetch(`${server.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ objectId }),
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { token: string }).token;
  };

  it('refuses the API without a valid token', async () => {
    assert.equal((await fetch(`${server.url}/api/tab/me`)).status, 401);
    assert.equal((await fetch(`${server.url}/api/tab/me`, { headers: { Authorization: 'Bearer dev.forged.token' } })).status, 401);
  });

  it('lists the mapped users and signs one in; the token works and identifies that user', async () => {
    const users = (await (await fetch(`${server.url}/api/tab/dev/users`)).json()) as { users: Array<{ objectId: string }> };
    assert.ok(users.users.some((u) => u.objectId === people.ownAdmin.objectId));
    const token = await signIn(people.ownAdmin.objectId);
    const me = await fetch(`${server.url}/api/tab/me`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Language': 'sv' } });
    assert.equal(me.status, 200);
    assert.equal(me.headers.get('cache-control'), 'no-store');
    const body = (await me.json()) as { role: string; institution: { id: string }; lang: string };
    assert.equal(body.role, 'InstitutionAdmin');
    assert.equal(body.institution.id, INSTITUTION_A.id);
    assert.equal(body.lang, 'sv');
  });

  it('enforces roles end to end: the institution admin edits a plan field but not the go-live', async () => {
    const token = await signIn(people.ownAdmin.objectId);
    const patch = (body: unknown) =>
      fetch(`${server.url}/api/tab/institutions/${INSTITUTION_A.id}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await patch({ route: 'ui_only' })).status, 200);
    assert.equal((await patch({ goLiveDate: '2026-12-01' })).status, 403);
    const history = await fetch(`${server.url}/api/tab/institutions/${INSTITUTION_A.id}/history`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const items = ((await history.json()) as { items: Array<{ field: string; actor: { displayName: string } }> }).items;
    // Display name only: ids stay on the server (issue 12).
    assert.deepEqual(
      items.map((i) => [i.field, i.actor]),
      [['route', { displayName: people.ownAdmin.displayName }]],
    );
  });

  it('exports CSV with a BOM for OPH over HTTP', async () => {
    const token = await signIn(people.admin.objectId);
    const response = await fetch(`${server.url}/api/tab/institutions/export.csv`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  });

  it('serves the tab page with frame-ancestors for Teams and without X-Frame-Options', async () => {
    const response = await fetch(`${server.url}/tab/index.html`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' teams\.microsoft\.com/);
    assert.equal(response.headers.get('x-frame-options'), null);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const html = await response.text();
    assert.ok(!/<script>|<script [^>]*>[^<]+<\/script>|style="/.test(html), 'no inline script or style (CSP forbids them)');
  });
});

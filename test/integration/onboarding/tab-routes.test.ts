/**
 * The tab API through its TabRoute handlers: every role × action, tampered bodies, history and export.
 * Runs on in-memory SQLite: the repository suite covers both databases; this suite is about the rules.
 */
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../bot/store/db.js';
import type { TabRequest, TabResponse, TabRoute } from '../../../bot/features/types.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import { onboardingTabRoutes } from '../../../bot/features/onboarding/index.js';
import { INSTITUTION_A, INSTITUTION_B, people, setUp } from './helpers.js';

type Method = TabRoute['method'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
type AnyBody = any;

function caller(routes: TabRoute[]) {
  return async (
    user: UserContext,
    method: Method,
    path: string,
    options: { body?: unknown; query?: TabRequest['query'] } = {},
  ): Promise<TabResponse & { body?: AnyBody }> => {
    for (const route of routes) {
      if (route.method !== method) continue;
      const names: string[] = [];
      const pattern = new RegExp(
        `^${route.path.replace(/:(\w+)/g, (_m, name: string) => (names.push(name), '([^/]+)')).replace(/\./g, '\\.')}$`,
      );
      const match = pattern.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
      return route.handler({ user, params, query: options.query ?? {}, body: options.body });
    }
    throw new Error(`no route for ${method} ${path}`);
  };
}

describe('onboarding tab API', () => {
  let store: Store;
  let call: ReturnType<typeof caller>;
  let repository: Awaited<ReturnType<typeof setUp>>['repository'];

  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
    const env = await setUp(store);
    repository = env.repository;
    call = caller(onboardingTabRoutes(env.deps));
  });
  afterEach(async () => {
    await store.close();
  });

  const A = `/institutions/${INSTITUTION_A.id}`;
  const B = `/institutions/${INSTITUTION_B.id}`;
  const everyone = Object.entries(people);

  describe('reading (every role)', () => {
    for (const [name, user] of everyone) {
      it(`${name} reads me, the overview, an institution, its history and the summary`, async () => {
        const me = await call(user, 'get', '/me');
        assert.equal(me.status, 200);
        assert.equal(me.body.role, user.role);
        assert.equal(me.body.objectId, user.objectId);

        const list = await call(user, 'get', '/institutions');
        assert.equal(list.status, 200);
        assert.equal(list.body.items.length, 2);
        assert.equal(list.body.total, 2);

        const detail = await call(user, 'get', B);
        assert.equal(detail.status, 200);
        assert.equal(detail.body.institution.id, INSTITUTION_B.id);
        assert.equal(detail.body.steps.length, 7);
        assert.equal(detail.body.articles.length, 7);

        assert.equal((await call(user, 'get', `${A}/history`)).status, 200);
        const summary = await call(user, 'get', '/summary');
        assert.equal(summary.status, 200);
        assert.equal(summary.body.total, 2);
      });
    }
  });

  describe('edit scope in the institution view', () => {
    const cases: Array<[keyof typeof people, string, string]> = [
      ['admin', A, 'all'],
      ['admin', B, 'all'],
      ['ownAdmin', A, 'plan'],
      ['ownAdmin', B, 'none'],
      ['otherAdmin', B, 'plan'],
      ['vendor', A, 'none'],
      ['participant', A, 'none'],
    ];
    for (const [who, path, scope] of cases) {
      it(`${who} on ${path} → ${scope}`, async () => {
        assert.equal((await call(people[who], 'get', path)).body.editScope, scope);
      });
    }
  });

  describe('editing plan fields', () => {
    const planBody = {
      route: 'yleistunniste',
      vendor: 'peppi',
      systemName: 'Peppi opintohallinto',
      testAccountRequested: '2026-02-01',
      steps: [
        { step: 1, status: 'done', date: '2026-01-15', note: 'Kohderyhmät määritelty' },
        { step: 6, responsible: 'Opintopalvelut' },
      ],
    };
    const expected: Array<[keyof typeof people, string, number]> = [
      ['admin', A, 200],
      ['ownAdmin', A, 200],
      ['ownAdmin', B, 403],
      ['otherAdmin', A, 403],
      ['vendor', A, 403],
      ['participant', A, 403],
    ];
    for (const [who, path, status] of expected) {
      it(`${who} PATCH ${path} plan fields → ${status}`, async () => {
        const before = await repository.getRecord(path.split('/').pop()!);
        const response = await call(people[who], 'patch', path, { body: planBody });
        assert.equal(response.status, status);
        const after = await repository.getRecord(path.split('/').pop()!);
        if (status === 200) {
          assert.equal(after!.route, 'yleistunniste');
          assert.equal(after!.steps[0]!.status, 'done');
          assert.equal(after!.steps[5]!.responsible, 'Opintopalvelut');
          assert.equal(response.body.changes.length, 8);
        } else {
          assert.deepEqual(after, before, 'nothing changed');
          assert.equal(response.body.error, 'FORBIDDEN');
          assert.equal((await repository.history(path.split('/').pop()!)).length, 0);
        }
      });
    }
  });

  describe("OPH's official fields", () => {
    const official: Array<[string, unknown]> = [
      ['joiningNotificationProcessed', { joiningNotificationProcessed: '2026-04-01' }],
      ['goLiveDate', { goLiveDate: '2026-06-01' }],
      ['testAccountReceived', { testAccountReceived: '2026-03-01' }],
      ['step 5 status', { steps: [{ step: 5, status: 'done' }] }],
      ['step 6 date', { steps: [{ step: 6, date: '2026-06-01' }] }],
      ['step 7 note', { steps: [{ step: 7, note: 'Palaute annettu' }] }],
    ];
    for (const [label, body] of official) {
      it(`the institution's own admin cannot set ${label} (403, nothing changed); OPH can`, async () => {
        const before = await repository.getRecord(INSTITUTION_A.id);
        const denied = await call(people.ownAdmin, 'patch', A, { body });
        assert.equal(denied.status, 403);
        assert.deepEqual(await repository.getRecord(INSTITUTION_A.id), before);
        const allowed = await call(people.admin, 'patch', A, { body });
        assert.equal(allowed.status, 200);
        assert.ok(allowed.body.changes.length >= 1);
      });
    }

    it('a plan change smuggled together with an official field is refused whole', async () => {
      const response = await call(people.ownAdmin, 'patch', A, { body: { route: 'ui_only', goLiveDate: '2026-01-01' } });
      assert.equal(response.status, 403);
      const record = await repository.getRecord(INSTITUTION_A.id);
      assert.equal(record!.route, null, 'the plan field was not written either');
      assert.equal(record!.goLiveDate, null);
    });
  });

  describe('tampered and invalid bodies', () => {
    const bad: Array<[string, unknown]> = [
      ['an unknown key naming another institution', { institutionId: INSTITUTION_B.id, route: 'ui_only' }],
      ['a forged actor', { route: 'ui_only', updatedBy: 'someone-else' }],
      ['a prototype-pollution key', JSON.parse('{"__proto__": {"role": "ServiceOwnerAdmin"}, "route": "ui_only"}')],
      ['an unknown key inside a step', { steps: [{ step: 1, status: 'done', institutionId: INSTITUTION_B.id }] }],
      ['a step out of range', { steps: [{ step: 8, status: 'done' }] }],
      [
        'the same step twice',
        {
          steps: [
            { step: 1, status: 'done' },
            { step: 1, status: 'in_progress' },
          ],
        },
      ],
      ['an invalid status', { steps: [{ step: 1, status: 'finished' }] }],
      ['an impossible date', { testAccountRequested: '2026-02-30' }],
      ['a date in the wrong form', { testAccountRequested: '1.2.2026' }],
      ['an unknown route', { route: 'ftp' }],
      ['an over-long note', { steps: [{ step: 1, note: 'x'.repeat(2001) }] }],
      ['a non-object body', 'route=ui_only'],
      ['an array body', [{ route: 'ui_only' }]],
    ];
    for (const [label, body] of bad) {
      it(`${label} → 400, nothing changed`, async () => {
        const before = await repository.getRecord(INSTITUTION_A.id);
        const response = await call(people.ownAdmin, 'patch', A, { body });
        assert.equal(response.status, 400);
        assert.equal(response.body.error, 'VALIDATION');
        assert.ok(!JSON.stringify(response.body).includes('institutionId'), 'the error does not echo the input');
        assert.deepEqual(await repository.getRecord(INSTITUTION_A.id), before);
        assert.equal(({} as Record<string, unknown>).role, undefined, 'no prototype pollution');
      });
    }

    it('an unknown institution is 404 and a malformed id is 400', async () => {
      assert.equal((await call(people.admin, 'patch', '/institutions/nope', { body: { route: 'ui_only' } })).status, 404);
      assert.equal((await call(people.admin, 'get', '/institutions/nope')).status, 404);
      assert.equal((await call(people.admin, 'get', '/institutions/bad%20id')).status, 400);
    });

    it('a stale expectedVersion is 409 and writes nothing', async () => {
      assert.equal((await call(people.admin, 'patch', A, { body: { route: 'ui_only', expectedVersion: 0 } })).status, 200);
      const stale = await call(people.ownAdmin, 'patch', A, { body: { route: 'yleistunniste', expectedVersion: 0 } });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error, 'CONFLICT');
      assert.equal((await repository.getRecord(INSTITUTION_A.id))!.route, 'ui_only');
    });
  });

  describe('history', () => {
    it('records who changed what, old → new, newest first, and masks henkilötunnus-shaped text', async () => {
      await call(people.ownAdmin, 'patch', A, { body: { steps: [{ step: 2, status: 'in_progress' }] } });
      // 010190-900P is a test-range henkilötunnus (individual number 900–999).
      const response = await call(people.admin, 'patch', A, {
        body: { steps: [{ step: 2, status: 'done', note: 'Testattu tunnuksella 010190-900P' }] },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.masked, true);
      assert.equal(response.body.institution.steps[1].note, 'Testattu tunnuksella [henkilötunnus]');
      const history = await call(people.participant, 'get', `${A}/history`);
      const items = history.body.items as Array<{
        field: string;
        oldValue: string | null;
        newValue: string | null;
        actor: { displayName: string };
      }>;
      assert.deepEqual(
        items.map((i) => [i.field, i.oldValue, i.newValue, i.actor.displayName]),
        [
          ['step2.status', 'in_progress', 'done', people.admin.displayName],
          ['step2.note', null, 'Testattu tunnuksella [henkilötunnus]', people.admin.displayName],
          ['step2.status', 'not_started', 'in_progress', people.ownAdmin.displayName],
        ],
      );
      assert.ok(!JSON.stringify(items).includes('010190'), 'the identifier never reached the history');
    });

    it('issue 12 item 9: history and change answers carry a display name only, never tenant or object ids', async () => {
      const patched = await call(people.ownAdmin, 'patch', A, { body: { steps: [{ step: 3, status: 'in_progress' }] } });
      const history = await call(people.participant, 'get', `${A}/history`);
      for (const [name, body] of [
        ['history', history.body],
        ['patch answer', patched.body.changes],
      ] as const) {
        const json = JSON.stringify(body);
        for (const id of [people.ownAdmin.objectId, people.ownAdmin.tenantId]) assert.ok(!json.includes(id), `${name} leaks an id`);
        assert.ok(!/"(tenantId|objectId)"/.test(json), `${name} has id keys`);
        assert.ok(json.includes(people.ownAdmin.displayName!), `${name} names the editor`);
      }
    });
  });

  describe('overview filters and sorting', () => {
    beforeEach(async () => {
      await call(people.admin, 'patch', A, {
        body: {
          route: 'oppija_controller',
          vendor: 'sisu',
          goLiveDate: '2026-03-15',
          steps: [1, 2, 3, 4, 5, 6].map((step) => ({ step, status: 'done' })),
        },
      });
      await call(people.admin, 'patch', B, {
        body: {
          route: 'yleistunniste',
          vendor: 'peppi',
          steps: [
            { step: 1, status: 'done' },
            { step: 2, status: 'in_progress' },
          ],
        },
      });
    });
    const cases: Array<[Record<string, string>, string[]]> = [
      [{}, [INSTITUTION_B.id, INSTITUTION_A.id]],
      [{ step: '7' }, [INSTITUTION_A.id]],
      [{ step: '2' }, [INSTITUTION_B.id]],
      [{ step: 'done' }, []],
      [{ route: 'yleistunniste' }, [INSTITUTION_B.id]],
      [{ vendor: 'sisu' }, [INSTITUTION_A.id]],
      [{ vendor: 'none' }, []],
      [{ type: 'uas' }, [INSTITUTION_B.id]],
      [{ q: 'testivaara' }, [INSTITUTION_A.id]],
      [{ q: '70000009022' }, [INSTITUTION_B.id]],
      [{ sort: 'progress', dir: 'desc' }, [INSTITUTION_A.id, INSTITUTION_B.id]],
      [{ sort: 'name', dir: 'desc' }, [INSTITUTION_A.id, INSTITUTION_B.id]],
    ];
    for (const [query, ids] of cases) {
      it(`${JSON.stringify(query)} → ${ids.join(', ') || 'none'}`, async () => {
        const response = await call(people.participant, 'get', '/institutions', { query });
        assert.equal(response.status, 200);
        assert.deepEqual(
          response.body.items.map((i: { id: string }) => i.id),
          ids,
        );
      });
    }
    it('rejects bad filter values', async () => {
      assert.equal((await call(people.participant, 'get', '/institutions', { query: { step: '9' } })).status, 400);
      assert.equal((await call(people.participant, 'get', '/institutions', { query: { sort: ['name', 'type'] } })).status, 400);
    });
    it('summarises steps and go-lives per month', async () => {
      const summary = (await call(people.vendor, 'get', '/summary')).body;
      assert.deepEqual(summary.atStep, [0, 1, 0, 0, 0, 0, 1]);
      assert.equal(summary.completed, 0);
      assert.equal(summary.live, 1);
      assert.deepEqual(summary.liveByMonth, [{ month: '2026-03', live: 1, planned: 0 }]);
      assert.equal(summary.byRoute.oppija_controller, 1);
      assert.equal(summary.byVendor.peppi, 1);
    });
  });

  describe('CSV export', () => {
    it('is for OPH only', async () => {
      for (const who of ['ownAdmin', 'otherAdmin', 'vendor', 'participant'] as const) {
        assert.equal((await call(people[who], 'get', '/institutions/export.csv')).status, 403);
      }
    });
    it('has a BOM, CRLF line ends and defused formulas', async () => {
      await call(people.admin, 'patch', A, {
        body: { systemName: '=HYPERLINK("http://evil.example","x")', steps: [{ step: 1, status: 'done', date: '2026-01-02' }] },
      });
      const response = await call(people.admin, 'get', '/institutions/export.csv');
      assert.equal(response.status, 200);
      assert.ok('csv' in response);
      const csv = (response as { csv: string; filename: string }).csv;
      assert.ok(csv.startsWith('\uFEFF'));
      assert.match((response as { filename: string }).filename, /^onboarding-status-\d{4}-\d{2}-\d{2}\.csv$/);
      const lines = csv.slice(1).split('\r\n');
      assert.equal(lines.length, 4, 'header + 2 rows + final empty');
      assert.equal(lines[3], '');
      assert.ok(!/[^\r]\n/.test(csv), 'no bare LF');
      assert.ok(lines[0]!.startsWith('Nimi,'));
      assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`));
      assert.ok(csv.includes(INSTITUTION_A.organisationOid));
    });
  });

  describe('user → institution and role mapping', () => {
    const path = `/admin/users/${people.participant.tenantId}/new-user-1`;
    for (const who of ['ownAdmin', 'otherAdmin', 'vendor', 'participant'] as const) {
      it(`${who} may not list, add or remove users (403)`, async () => {
        assert.equal((await call(people[who], 'get', '/admin/users')).status, 403);
        assert.equal(
          (await call(people[who], 'put', path, { body: { displayName: 'X', role: 'ServiceOwnerAdmin', institutionId: null } })).status,
          403,
        );
        assert.equal((await call(people[who], 'del', `/admin/users/${people.admin.tenantId}/${people.admin.objectId}`)).status, 403);
      });
    }

    it('ServiceOwnerAdmin lists, adds, changes and removes a mapping', async () => {
      const list = await call(people.admin, 'get', '/admin/users');
      assert.equal(list.status, 200);
      assert.equal(list.body.users.length, 5);
      assert.equal(list.body.institutions.length, 2);

      const added = await call(people.admin, 'put', path, {
        body: { displayName: 'Uusi Käyttäjä', role: 'InstitutionAdmin', institutionId: INSTITUTION_B.id, locale: 'sv' },
      });
      assert.equal(added.status, 200);
      assert.equal(added.body.role, 'InstitutionAdmin');
      assert.equal(added.body.institutionId, INSTITUTION_B.id);

      const changed = await call(people.admin, 'put', path, {
        body: { displayName: 'Uusi Käyttäjä', role: 'Vendor', institutionId: null },
      });
      assert.equal(changed.body.role, 'Vendor');
      assert.equal(changed.body.locale, 'sv', 'an omitted locale is kept');

      assert.equal((await call(people.admin, 'del', path)).status, 204);
      assert.equal((await call(people.admin, 'del', path)).status, 404);
    });

    it('validates the mapping', async () => {
      const cases: unknown[] = [
        { displayName: 'X', role: 'InstitutionAdmin', institutionId: null },
        { displayName: 'X', role: 'Participant', institutionId: 'no-such-institution' },
        { displayName: 'X', role: 'Root', institutionId: null },
        { displayName: '  ', role: 'Participant', institutionId: null },
        { displayName: 'X', role: 'Participant', institutionId: null, tenantId: 'other-tenant' },
      ];
      for (const body of cases) assert.equal((await call(people.admin, 'put', path, { body })).status, 400, JSON.stringify(body));
      assert.equal(
        (
          await call(people.admin, 'put', `/admin/users/${people.admin.tenantId}/bad id`, {
            body: { displayName: 'X', role: 'Participant', institutionId: null },
          })
        ).status,
        400,
      );
    });

    it('an admin cannot demote or remove themself (409)', async () => {
      const self = `/admin/users/${people.admin.tenantId}/${people.admin.objectId}`;
      assert.equal(
        (await call(people.admin, 'put', self, { body: { displayName: 'Olli', role: 'Participant', institutionId: null } })).status,
        409,
      );
      assert.equal((await call(people.admin, 'del', self)).status, 409);
      assert.equal(
        (await call(people.admin, 'put', self, { body: { displayName: 'Olli Y.', role: 'ServiceOwnerAdmin', institutionId: null } }))
          .status,
        200,
      );
    });
  });
});

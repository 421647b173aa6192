import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../helpers/databases.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import type { TabResponse, TabRoute } from '../../../bot/features/types.js';
import { announcementsTabRoutes } from '../../../bot/features/announcements/index.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { SERVICE_CHANNEL, people, seedConversations, seedPeople, silentLogger } from './helpers.js';

const body = {
  title: { fi: 'Huoltokatko 3.12.', sv: 'Serviceavbrott 3.12.' },
  body: { fi: 'Testiympäristö on poissa käytöstä klo 8–10.', sv: 'Testmiljön är ur bruk kl. 8–10.' },
  category: 'maintenance',
  effectiveDate: '2026-12-03',
  interfaces: ['yleistunniste'],
  audience: { kind: 'service-channel' },
};

describeEachDatabase('announcements tab API', (getStore) => {
  let routes: TabRoute[];

  beforeEach(async function () {
    await seedPeople(getStore());
    await seedConversations(getStore(), { channels: 2, personal: 2 });
    routes = announcementsTabRoutes({
      store: getStore(),
      conversations: createConversationsRepository(getStore()),
      serviceChannelId: SERVICE_CHANNEL,
      approval: 'two-person',
      logger: silentLogger,
    });
  });

  function call(
    method: TabRoute['method'],
    path: string,
    user: UserContext,
    options: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
  ): Promise<TabResponse> {
    const route = routes.find((r) => r.method === method && r.path === path);
    assert.ok(route, `${method} ${path}`);
    return route.handler({ user, params: options.params ?? {}, query: options.query ?? {}, body: options.body });
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads of a JSON body
  const json = (response: TabResponse) => ('body' in response ? (response.body as Record<string, any>) : {});

  it('refuses non-admins politely on every route', async function () {
    for (const route of routes) {
      const response = await route.handler({ user: people.instA, params: { id: 'ann-00000000' }, query: {}, body: {} });
      assert.equal(response.status, 403, `${route.method} ${route.path}`);
      assert.match(JSON.stringify(json(response)), /vain Opetushallituksen ylläpitäjät/);
    }
  });

  it('answers field problems with 400 and a message per field', async function () {
    const response = await call('post', '/announcements', people.admin, {
      body: { ...body, title: { fi: '' }, sendDate: '2020-01-01', sendTime: '09:00' },
    });
    assert.equal(response.status, 400);
    assert.deepEqual(
      json(response)
        .problems.map((p: { code: string }) => p.code)
        .sort(),
      ['schedulePast', 'titleRequired'],
    );
  });

  it('issue 12 item 7: refuses a link to a host outside the allow-list with a localized message', async function () {
    const response = await call(
      'post',
      '/announcements',
      { ...people.admin, lang: 'sv' },
      { body: { ...body, link: 'https://evil.example/x' } },
    );
    assert.equal(response.status, 400);
    assert.deepEqual(
      json(response).problems.map((p: { code: string }) => p.code),
      ['linkHost'],
    );
    assert.match(json(response).problems[0].message, /underdomäner/);
    const accepted = await call('post', '/announcements', people.admin, { body: { ...body, link: 'https://wiki.eduuni.fi/display/ONR' } });
    assert.equal(accepted.status, 201);
  });

  it('runs draft → submit → approve by another admin → report and CSV', async function () {
    const created = await call('post', '/announcements', people.admin, { body: { ...body, requestId: 'req-00000001' } });
    assert.equal(created.status, 201);
    const again = await call('post', '/announcements', people.admin, { body: { ...body, requestId: 'req-00000001' } });
    const id = json(created).announcement.id as string;
    assert.equal(json(again).announcement.id, id, 'a repeated request creates nothing new');

    const detail = json(await call('get', '/announcements/:id', people.admin, { params: { id } }));
    assert.equal(detail.announcement.status, 'draft');
    assert.equal(detail.preview.version, '1.5');
    assert.equal(detail.announcement.createdBy, undefined, 'actor ids are not exposed');

    const submitted = await call('post', '/announcements/:id/submit', people.admin, { params: { id }, body: { version: 1 } });
    assert.equal(json(submitted).announcement.status, 'pending_approval');
    const selfApproval = await call('post', '/announcements/:id/approve', people.admin, { params: { id }, body: { version: 2 } });
    assert.equal(selfApproval.status, 403);
    assert.equal(json(selfApproval).reason, 'needsOtherApprover');
    const approved = await call('post', '/announcements/:id/approve', people.admin2, { params: { id }, body: { version: 2 } });
    assert.equal(json(approved).announcement.status, 'published');
    const stale = await call('post', '/announcements/:id/retract', people.admin, { params: { id }, body: { version: 1 } });
    assert.equal(stale.status, 409);

    const report = json(await call('get', '/announcements/:id/report', people.admin, { params: { id } }));
    assert.equal(report.summary.targets, 1);
    const csv = await call('get', '/announcements/:id/report/csv', people.admin, { params: { id }, query: { part: 'people' } });
    assert.ok('csv' in csv);
    if ('csv' in csv) {
      assert.ok(csv.csv.startsWith('\uFEFFname,institution,acknowledged'));
      assert.match(csv.csv, /Anna A,Testiyliopisto A,0/);
      assert.match(csv.filename, /^tiedote-.*-people\.csv$/);
    }
    const audit = json(await call('get', '/announcements/:id', people.admin, { params: { id } })).audit as Array<{ action: string }>;
    assert.deepEqual(
      audit.map((a) => a.action),
      ['created', 'submitted', 'published'],
    );
  });

  it('issue 15 item 8: a sent announcement previews as sent, and a correction shows its change note on the card and in the event log', async function () {
    const created = await call('post', '/announcements', people.admin, { body });
    const id = json(created).announcement.id as string;
    const draftPreview = JSON.stringify(json(await call('get', '/announcements/:id', people.admin, { params: { id } })).preview);
    assert.match(draftPreview, /ESIKATSELU – tätä ei ole lähetetty/, 'a draft is still marked as not sent');
    await call('post', '/announcements/:id/submit', people.admin, { params: { id }, body: { version: 1 } });
    await call('post', '/announcements/:id/approve', people.admin2, { params: { id }, body: { version: 2 } });
    const sent = json(await call('get', '/announcements/:id', people.admin, { params: { id } }));
    assert.equal(sent.announcement.status, 'published');
    assert.doesNotMatch(JSON.stringify(sent.preview), /tätä ei ole lähetetty/);
    assert.match(JSON.stringify(sent.preview), /Näin lukijat näkevät lähetetyn tiedotteen/);

    const revised = await call('post', '/announcements/:id/revise', people.admin, {
      params: { id },
      body: {
        ...body,
        revisionKind: 'correction',
        note: { fi: 'Katko siirtyi klo 9–11.', sv: 'Avbrottet flyttades till kl. 9–11.' },
        version: sent.announcement.version,
      },
    });
    assert.equal(revised.status, 200, JSON.stringify(json(revised)));
    const after = json(await call('get', '/announcements/:id', people.admin, { params: { id } }));
    const card = JSON.stringify(after.preview);
    assert.match(card, /Mitä muuttui: Katko siirtyi klo 9–11\./);
    assert.match(card, /Vad ändrades: Avbrottet flyttades till kl\. 9–11\./);
    assert.match(card, /siksi kuittauspainike näkyy taas/);
    const revisedEntry = (after.audit as Array<{ action: string; detail: { note?: { fi: string } } | null }>).find(
      (e) => e.action === 'revised',
    );
    assert.equal(revisedEntry?.detail?.note?.fi, 'Katko siirtyi klo 9–11.');
  });

  it('issue 15 item 14: the list tells the admin when no expert channel is configured', async function () {
    const base = {
      store: getStore(),
      conversations: createConversationsRepository(getStore()),
      serviceChannelId: SERVICE_CHANNEL,
      approval: 'single' as const,
      logger: silentLogger,
    };
    const list = (channel: string | null) =>
      announcementsTabRoutes({ ...base, expertChannel: async () => channel }).find(
        (r) => r.method === 'get' && r.path === '/announcements',
      )!;
    const missing = await list(null).handler({ user: people.admin, params: {}, query: {}, body: undefined });
    assert.equal(json(missing).expertChannelMissing, true);
    const present = await list('19:experts@thread.tacv2').handler({ user: people.admin, params: {}, query: {}, body: undefined });
    assert.equal(json(present).expertChannelMissing, false);
  });

  it('lists installations for the audience picker and previews without saving', async function () {
    const audience = json(await call('get', '/announcements/audience', people.admin));
    assert.deepEqual(audience.serviceChannel, { id: SERVICE_CHANNEL, installed: true });
    assert.equal(audience.conversations.length, 5);
    const preview = json(await call('post', '/announcements/preview', people.admin, { body }));
    assert.ok(preview.largestBytes > 1000 && preview.largestBytes < 28 * 1024);
    assert.equal((await getStore().db.selectFrom('announcements').selectAll().execute()).length, 0);
  });
});

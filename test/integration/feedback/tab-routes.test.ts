import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { UserContext } from '../../../bot/auth/roles.js';
import { feedbackTabRoutes } from '../../../bot/features/feedback/index.js';
import type { TabRequest, TabResponse, TabRoute } from '../../../bot/features/types.js';
import { describeEachDatabase } from '../../helpers/databases.js';
import { FakeMessenger } from '../../helpers/fakes.js';
import { people, seedInstitutions } from './helpers.js';

const body = {
  type: 'proposal',
  topic: 'access_rights',
  title: 'Käyttöoikeusryhmien kuvaukset',
  description: 'Ryhmien kuvaukset olisivat hyödyksi.',
  impact: 'Pääkäyttäjät',
  contactOk: true,
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeEachDatabase('feedback tab API', (getStore) => {
  let routes: TabRoute[];
  let messenger: FakeMessenger;

  beforeEach(async () => {
    await seedInstitutions(getStore());
    messenger = new FakeMessenger();
    routes = feedbackTabRoutes({
      store: getStore(),
      messenger,
      tabUrl: (ref) => `https://bot.example/tab/#/feedback/${ref}`,
      clock: () => new Date('2026-11-26T10:00:00Z'),
    });
  });

  /** A tiny matcher in route order, like the server's router (static segments before parameters). */
  async function call(
    method: TabRoute['method'],
    path: string,
    user: UserContext,
    options: { body?: unknown; query?: TabRequest['query'] } = {},
  ): Promise<TabResponse & { body?: Json }> {
    for (const route of routes) {
      if (route.method !== method) continue;
      const names: string[] = [];
      const pattern = new RegExp(
        `^${route.path.replace(/\./g, '\\.').replace(/:(\w+)/g, (_m, name: string) => (names.push(name), '([^/]+)'))}$`,
      );
      const match = pattern.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
      return (await route.handler({ user, params, query: options.query ?? {}, body: options.body })) as TabResponse & { body?: Json };
    }
    throw new Error(`no route for ${method} ${path}`);
  }
  const create = async (user: UserContext, extra: Record<string, unknown> = {}) => {
    const res = await call('post', '/feedback', user, { body: { ...body, ...extra } });
    assert.ok(res.status === 201 || res.status === 200, `create gave ${res.status} ${JSON.stringify(res.body)}`);
    return res.body!.item.ref as string;
  };

  it('exposes every route the tab needs', () => {
    assert.deepEqual(
      routes.map((r) => `${r.method} ${r.path}`),
      [
        'get /feedback/export.csv',
        'get /feedback',
        'post /feedback',
        'get /feedback/:ref',
        'post /feedback/:ref/vote',
        'del /feedback/:ref/vote',
        'post /feedback/:ref/comments',
        'post /feedback/:ref/status',
        'post /feedback/:ref/merge',
      ],
    );
  });

  it('creates an item once per form id, ignoring tampered fields', async () => {
    const formId = randomUUID();
    const first = await call('post', '/feedback', people.submitter, {
      body: { ...body, formId, status: 'done', institutionId: 'inst-b', submitter: { objectId: 'x' }, votes: 9 },
    });
    assert.equal(first.status, 201);
    assert.equal(first.body!.item.ref, 'KE-2026-0001');
    assert.equal(first.body!.item.status, 'new');
    assert.equal(first.body!.item.institution.id, 'inst-a');
    assert.equal(first.body!.url, 'https://bot.example/tab/#/feedback/KE-2026-0001');
    const again = await call('post', '/feedback', people.submitter, { body: { ...body, formId } });
    assert.equal(again.status, 200);
    assert.equal(again.body!.created, false);
    assert.equal(again.body!.item.ref, 'KE-2026-0001');
  });

  it('answers an invalid body with 400 and localized problems', async () => {
    const res = await call('post', '/feedback', people.vendor, { body: { ...body, title: '', description: 'x'.repeat(4001), type: 1 } });
    assert.equal(res.status, 400);
    assert.equal(res.body!.error, 'VALIDATION');
    const messages = (res.body!.problems as Array<{ message: string }>).map((p) => p.message);
    assert.ok(messages.includes('Rubrik: obligatorisk uppgift saknas.'));
    assert.ok(messages.includes('Beskrivning: för lång, högst 4000 tecken.'));
    assert.ok(messages.includes('Typ: ogiltigt värde.'));
    assert.equal((await call('post', '/feedback', people.vendor, { body: 'not json' })).status, 400);
    assert.equal((await call('post', '/feedback', people.vendor, { body: null })).status, 400);
  });

  it('lists with visibility, filters and sorting, and hides person ids', async () => {
    const a = await create(people.submitter);
    const b = await create(people.vendor, { topic: 'testing' });
    await create(people.vendor, { type: 'bug', title: 'Vendor bug' });
    await call('post', `/feedback/${b}/vote`, people.participant);
    const list = await call('get', '/feedback', people.participant, { query: { sort: 'votes' } });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body!.items.map((i: Json) => i.ref),
      [b, a],
    );
    assert.equal(list.body!.total, 2);
    assert.ok(!JSON.stringify(list.body).includes(people.vendor.objectId), 'no submitter ids for participants');
    assert.equal(list.body!.items[0].contactOk, undefined);
    const recent = await call('get', '/feedback', people.participant, { query: { sort: 'recent', topic: 'access_rights' } });
    assert.deepEqual(
      recent.body!.items.map((i: Json) => i.ref),
      [a],
    );
    const mine = await call('get', '/feedback', people.vendor, { query: { mine: '1', type: 'bug,proposal' } });
    assert.equal(mine.body!.total, 2);
    const admin = await call('get', '/feedback', people.admin, { query: { status: 'open', limit: '2' } });
    assert.equal(admin.body!.total, 3);
    assert.equal(admin.body!.items.length, 2);
    assert.ok(
      admin.body!.items.some((i: Json) => i.contact?.objectId === people.vendor.objectId),
      'OPH sees whom it may contact',
    );
    assert.equal((await call('get', '/feedback', people.admin, { query: { status: 'lost' } })).status, 400);
  });

  it('shows details only to those who may see them', async () => {
    const bug = await create(people.vendor, { type: 'bug' });
    assert.equal((await call('get', `/feedback/${bug}`, people.participant)).status, 404);
    assert.equal((await call('get', `/feedback/${bug}`, people.submitter)).status, 404, 'another institution’s report stays hidden');
    assert.equal((await call('get', '/feedback/KE-2026-9999', people.admin)).status, 404);
    assert.equal((await call('get', '/feedback/..%2Fexport', people.admin)).status, 404);
    const own = await call('get', `/feedback/${bug}`, people.vendor);
    assert.equal(own.status, 200);
    assert.equal(own.body!.item.mine, true);
    assert.equal(own.body!.history[0].kind, 'created');
    const admin = await call('get', `/feedback/${bug}`, people.admin);
    assert.deepEqual(admin.body!.item.allowedTransitions, ['under_review', 'rejected']);
  });

  it('votes once, withdraws, and comments', async () => {
    const ref = await create(people.submitter);
    assert.deepEqual((await call('post', `/feedback/${ref}/vote`, people.vendor)).body, { votes: 1, votedByMe: true });
    assert.deepEqual((await call('post', `/feedback/${ref}/vote`, people.vendor)).body, { votes: 1, votedByMe: true });
    assert.deepEqual((await call('del', `/feedback/${ref}/vote`, people.vendor)).body, { votes: 0, votedByMe: false });
    const requestId = randomUUID();
    const comment = await call('post', `/feedback/${ref}/comments`, people.vendor, { body: { body: 'Kannatetaan', requestId } });
    assert.equal(comment.status, 201);
    assert.equal(comment.body!.comment.author, 'Deltagare (Testyrkeshögskolan B)');
    assert.equal(
      (await call('post', `/feedback/${ref}/comments`, people.vendor, { body: { body: 'Kannatetaan', requestId } })).status,
      200,
    );
    assert.equal((await call('post', `/feedback/${ref}/comments`, people.vendor, { body: { body: '' } })).status, 400);
    const detail = await call('get', `/feedback/${ref}`, people.participant);
    assert.equal(detail.body!.comments.length, 1);
    assert.equal(messenger.sent.length, 1, 'the submitter heard about the comment');
  });

  it('lets only OPH change status or merge, and refuses transitions outside the lifecycle', async () => {
    const ref = await create(people.submitter);
    const other = await create(people.vendor);
    for (const user of [people.submitter, people.vendor, people.participant]) {
      assert.equal((await call('post', `/feedback/${ref}/status`, user, { body: { status: 'done' } })).status, 403);
      assert.equal((await call('post', `/feedback/${ref}/merge`, user, { body: { targetRef: other } })).status, 403);
    }
    const skip = await call('post', `/feedback/${ref}/status`, people.admin, { body: { status: 'done' } });
    assert.equal(skip.status, 409);
    assert.equal(skip.body!.message, 'Tilasta "Uusi" ei voi siirtyä tilaan "Toteutettu".');
    assert.equal((await call('post', `/feedback/${ref}/status`, people.admin, { body: { status: 'rejected' } })).status, 400);
    assert.equal((await call('post', `/feedback/${ref}/status`, people.admin, { body: { status: 'nope' } })).status, 400);
    const requestId = randomUUID();
    const ok = await call('post', `/feedback/${ref}/status`, people.admin, { body: { status: 'under_review', requestId } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body!.item.status, 'under_review');
    const repeat = await call('post', `/feedback/${ref}/status`, people.admin, { body: { status: 'under_review', requestId } });
    assert.equal(repeat.body!.repeated, true);
    assert.equal(messenger.sent.length, 1);

    await call('post', `/feedback/${other}/vote`, people.participant);
    const merged = await call('post', `/feedback/${other}/merge`, people.admin, { body: { targetRef: ref } });
    assert.equal(merged.status, 200);
    assert.equal(merged.body!.item.status, 'duplicate');
    assert.equal(merged.body!.item.duplicateOf, ref);
    assert.equal(merged.body!.target.votes, 1);
    assert.equal(messenger.sent.length, 2);
    assert.equal((await call('post', `/feedback/${other}/merge`, people.admin, { body: { targetRef: 'KE-2026-0999' } })).status, 404);
  });

  it('exports every item with votes and history as safe CSV, for OPH only', async () => {
    const ref = await create(people.submitter, { title: '=HYPERLINK("https://evil.example")', description: 'rivi 1\nrivi 2, "lainaus"' });
    await create(people.vendor, { type: 'bug', contactOk: false });
    await call('post', `/feedback/${ref}/vote`, people.vendor);
    await call('post', `/feedback/${ref}/status`, people.admin, { body: { status: 'under_review' } });
    await call('post', `/feedback/${ref}/status`, people.admin, { body: { status: 'rejected', reason: '-ei resursseja' } });
    for (const user of [people.submitter, people.vendor, people.participant]) {
      const refused = await call('get', '/feedback/export.csv', user);
      assert.equal(refused.status, 403);
      assert.ok(!('csv' in refused));
    }
    const res = await call('get', '/feedback/export.csv', people.admin);
    assert.equal(res.status, 200);
    assert.ok('csv' in res);
    const { csv, filename } = res as { csv: string; filename: string };
    assert.equal(filename, 'feedback-2026-11-26.csv');
    assert.ok(csv.startsWith('\uFEFFref,type,topic,status,status_reason,duplicate_of,title,description,impact,'));
    assert.ok(csv.endsWith('\r\n'));
    assert.ok(csv.includes(`"'=HYPERLINK(""https://evil.example"")"`), 'formula neutralised and quoted');
    assert.ok(csv.includes('"rivi 1\nrivi 2, ""lainaus"""'));
    assert.ok(csv.includes(",'-ei resursseja,"), 'a reason starting with - is neutralised');
    const line = csv.split('\r\n').find((l) => l.startsWith(`${ref},`))!;
    assert.ok(line.includes(',yes,'));
    assert.ok(line.includes(`${people.submitter.tenantId}/${people.submitter.objectId}`));
    assert.ok(/,1,0,2026-11-26T10:00:00\.000Z,/.test(line), 'votes and comment count');
    assert.ok(
      line.includes(
        'created new | 2026-11-26T10:00:00.000Z new>under_review | 2026-11-26T10:00:00.000Z under_review>rejected (-ei resursseja)',
      ),
    );
    const bugLine = csv.split('\r\n').find((l) => l.startsWith('KE-2026-0002,'))!;
    assert.ok(!bugLine.includes(people.vendor.objectId), 'no contact id without permission');
  });
});

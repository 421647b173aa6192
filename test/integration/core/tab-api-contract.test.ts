/**
 * Issue 14 item 11: the tab's API has types of its own (bot/tab-api/*), and the routes map the service
 * records to them field by field. The JSON stays byte for byte what the routes sent before, when they
 * passed the records through (compared here with the record itself, or with the old pass-through shape).
 */
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../bot/store/db.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import type { TabResponse, TabRoute } from '../../../bot/features/types.js';
import { onboardingTabRoutes } from '../../../bot/features/onboarding/index.js';
import { createOnboardingService } from '../../../bot/features/onboarding/service.js';
import { announcementsTabRoutes, createAnnouncementsService } from '../../../bot/features/announcements/index.js';
import { escalationTabRoutes } from '../../../bot/features/guidance/escalation/index.js';
import { DEFAULT_GAP_DAYS, loadGaps } from '../../../bot/features/guidance/escalation/gaps.js';
import { createGuidanceRepository } from '../../../bot/store/guidance-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import type { Announcement } from '../../../bot/features/announcements/model.js';
import { INSTITUTION_A, people as onboardingPeople, setUp } from '../onboarding/helpers.js';
import { SERVICE_CHANNEL, draft, people, seedConversations, seedPeople, silentLogger } from '../announcements/helpers.js';

function route(routes: TabRoute[], method: TabRoute['method'], path: string) {
  const found = routes.find((r) => r.method === method && r.path === path);
  assert.ok(found, `${method} ${path}`);
  return (user: UserContext, params: Record<string, string> = {}, body?: unknown, query: Record<string, string> = {}) =>
    found.handler({ user, params, query, body });
}
const bodyOf = (response: TabResponse) => ('body' in response ? response.body : undefined);
const same = (actual: unknown, expected: unknown) => assert.equal(JSON.stringify(actual), JSON.stringify(expected));

describe('tab API contract (issue 14 item 11)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
  });
  afterEach(() => store.close());

  it('onboarding: institution, change, history, overview and summary are the service records, byte for byte', async () => {
    const { deps } = await setUp(store);
    const routes = onboardingTabRoutes(deps);
    const service = createOnboardingService(deps);
    const user = onboardingPeople.ownAdmin;
    const id = { id: INSTITUTION_A.id };
    const patch = { expectedVersion: 0, systemName: 'Peppi test', steps: [{ step: 1, status: 'done', date: '2026-11-01' }] };
    const changed = bodyOf(await route(routes, 'patch', '/institutions/:id')(user, id, patch)) as {
      changes: unknown[];
      institution: unknown;
    };
    assert.equal(changed.changes.length, 3);
    same(changed.institution, await service.institution(user, INSTITUTION_A.id));
    same(bodyOf(await route(routes, 'get', '/institutions/:id')(user, id)), await service.institution(user, INSTITUTION_A.id));
    same(bodyOf(await route(routes, 'get', '/institutions/:id/history')(user, id)), {
      items: await service.history(user, INSTITUTION_A.id),
    });
    same(bodyOf(await route(routes, 'get', '/institutions')(user)), await service.overview(user, {}));
    same(bodyOf(await route(routes, 'get', '/summary')(user)), await service.summary(user));
  });

  it('history names who changed a field by display name only', async () => {
    const { deps } = await setUp(store);
    const routes = onboardingTabRoutes(deps);
    await route(routes, 'patch', '/institutions/:id')(
      onboardingPeople.admin,
      { id: INSTITUTION_A.id },
      { expectedVersion: 0, goLiveDate: '2027-01-15' },
    );
    const { items } = bodyOf(await route(routes, 'get', '/institutions/:id/history')(onboardingPeople.admin, { id: INSTITUTION_A.id })) as {
      items: Array<{ actor: object }>;
    };
    assert.deepEqual(
      items.map((i) => i.actor),
      [{ displayName: 'Olli Ylläpitäjä' }],
    );
  });

  it('announcements: an announcement, the list and the report are what the pass-through sent', async () => {
    await seedPeople(store);
    await seedConversations(store, { channels: 2, personal: 1 });
    const deps = {
      store,
      conversations: createConversationsRepository(store),
      serviceChannelId: SERVICE_CHANNEL,
      approval: 'single' as const,
      logger: silentLogger,
    };
    const routes = announcementsTabRoutes(deps);
    const service = createAnnouncementsService(deps);
    const created = await service.createDraft(people.admin, draft());
    const sent = await service.submit(people.admin, created.announcement.id, created.announcement.version);
    const a = await service.get(people.admin, sent.announcement.id);
    // The old pass-through: the model without the actor keys, plus three flags.
    const old = (x: Announcement, canApprove: boolean) => {
      const { createdBy: _c, lastEditedBy: _l, submittedBy, approvedBy, ...rest } = x;
      return { ...rest, submitted: Boolean(submittedBy), approved: Boolean(approvedBy), canApprove };
    };
    const detail = bodyOf(await route(routes, 'get', '/announcements/:id')(people.admin, { id: a.id })) as {
      announcement: unknown;
      audit: unknown;
    };
    same(detail.announcement, old(a, false));
    same(detail.audit, await service.auditTrail(people.admin, a.id));
    const list = bodyOf(await route(routes, 'get', '/announcements')(people.admin)) as { items: unknown[] };
    const [item] = await service.list(people.admin);
    same(list.items[0], {
      ...old(item!.announcement, false),
      targets: item!.targets,
      delivered: item!.delivered,
      acknowledged: item!.acknowledged,
      retractionFailed: item!.retractionFailed,
    });
    same(
      bodyOf(await route(routes, 'get', '/announcements/:id/report')(people.admin, { id: a.id })),
      await service.report(people.admin, a.id),
    );
  });

  it('knowledge gaps, tickets and drafts: the gaps body is the old { days, ...report, articleTitles }', async () => {
    const now = new Date('2026-11-26T12:00:00.000Z');
    const repository = createGuidanceRepository(store);
    await repository.recordQuestion({
      tenantId: 't',
      objectId: 'u',
      question: 'Kuka vastaa?',
      questionNorm: 'kuka vastaa',
      lang: 'fi',
      band: 'unknown',
      articleId: null,
      now: '2026-11-25T08:00:00.000Z',
    });
    const routes = escalationTabRoutes({ repository, clock: () => now, articleTitle: () => null });
    const admin = onboardingPeople.admin;
    const report = await loadGaps(repository, now, DEFAULT_GAP_DAYS, 50);
    same(bodyOf(await route(routes, 'get', '/gaps')(admin)), { days: DEFAULT_GAP_DAYS, ...report, articleTitles: {} });
    same(bodyOf(await route(routes, 'get', '/kb-drafts')(admin)), { drafts: await repository.listKbDrafts(200) });
    same(bodyOf(await route(routes, 'get', '/tickets')(admin)), { tickets: [] });
  });
});

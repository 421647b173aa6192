/**
 * Issue 13 §5 end to end through the router (botbuilder TestAdapter) with a recording messenger:
 * greeting once → request → expert channel card → approve (role adjustable) → member told in their
 * language with the new rights; reject with a reason → ask again only after 7 days; no duplicates;
 * membersAdded and team rosters; the tab's people list and two-click role assignment.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createUsersRepository, type UsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createOnboardingRepository } from '../../../bot/store/onboarding-repository.js';
import { createMembershipRepository, type MembershipRepository } from '../../../bot/store/membership-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { createMembershipFeature, membershipTabRoutes, MEMBERSHIP_VERBS, type PersonSeen } from '../../../bot/features/membership/index.js';
import type { Feature, TabRoute } from '../../../bot/features/types.js';
import { createLogger } from '../../../bot/log.js';
import { FakeMessenger, makeUser } from '../../helpers/fakes.js';
import { INSTITUTION_A, INSTITUTION_B } from '../onboarding/helpers.js';

const T = '00000000-0000-0000-0000-0000000000aa';
const EXPERTS = '19:experts@thread.tacv2';
const silent = createLogger({ level: 'silent' });
const ADMIN = { objectId: 'oph-admin-1', name: 'Olli Ylläpitäjä' };
const NEWCOMER = { objectId: 'newcomer-1', name: 'Siri Svensson' };

type Card = { body: Array<Record<string, unknown>>; actions?: Array<Record<string, unknown>> };
const cardOf = (a: Partial<Activity>) => a.attachments?.[0]?.content as Card | undefined;
const json = (v: unknown) => JSON.stringify(v);

describe('membership self-onboarding (issue 13 §5)', () => {
  let store: Store;
  let users: UsersRepository;
  let repository: MembershipRepository;
  let messenger: FakeMessenger;
  let adapter: TestAdapter;
  let routes: TabRoute[];
  let now: Date;
  let roster: PersonSeen[];

  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
    now = new Date('2026-11-26T10:00:00Z');
    users = createUsersRepository(store);
    repository = createMembershipRepository(store);
    const onboarding = createOnboardingRepository(store);
    await onboarding.createInstitution(INSTITUTION_A);
    await onboarding.createInstitution(INSTITUTION_B);
    await users.upsert({
      tenantId: T,
      objectId: ADMIN.objectId,
      displayName: ADMIN.name,
      role: 'ServiceOwnerAdmin',
      institutionId: null,
      locale: null,
    });
    messenger = new FakeMessenger();
    roster = [];
    const membership = createMembershipFeature({
      repository,
      users,
      institutions: () => onboarding.listInstitutions(),
      messenger,
      expertChannel: async () => EXPERTS,
      logger: silent,
      clock: () => now,
    });
    const echo: Feature = { name: 'echo', fallback: async (input) => [{ kind: 'text', text: `answer:${input.text}` }] };
    const router = new BotRouter({
      features: [echo, membership],
      help: createHelpFeature({}),
      resolveUser: createUserResolver(users),
      installations: createInstallationTracker(createConversationsRepository(store), silent),
      logger: silent,
      membership,
      readRoster: async () => roster,
      sendPrivately: async () => false,
    });
    adapter = new TestAdapter((context) => router.run(context));
    routes = membershipTabRoutes(membership, () => onboarding.listInstitutions());
  });
  afterEach(() => store.close());

  async function send(
    who: { objectId: string; name: string },
    activity: Partial<Activity>,
    locale = 'sv-FI',
  ): Promise<Array<Partial<Activity>>> {
    while (adapter.activeQueue.length) adapter.getNextReply();
    await adapter.processActivity({
      type: ActivityTypes.Message,
      id: randomUUID(),
      channelId: 'msteams',
      locale,
      from: { id: `29:${who.objectId}`, name: who.name, aadObjectId: who.objectId },
      recipient: { id: '28:bot', name: 'Bot' },
      conversation: { id: `a:personal-${who.objectId}`, conversationType: 'personal', tenantId: T, isGroup: false, name: '' },
      serviceUrl: 'http://127.0.0.1:9/',
      ...activity,
    });
    const replies: Array<Partial<Activity>> = [];
    while (adapter.activeQueue.length) replies.push(adapter.getNextReply());
    return replies;
  }
  const say = (who: typeof NEWCOMER, text: string, locale?: string) => send(who, { text }, locale);
  async function act(who: typeof NEWCOMER, verb: string, data: Record<string, unknown>, locale?: string): Promise<Card | string> {
    const replies = await send(
      who,
      { type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } },
      locale,
    );
    const response = replies.find((r) => r.type === 'invokeResponse')?.value as { body: { type: string; value: unknown } };
    return response.body.type === 'application/vnd.microsoft.card.adaptive' ? (response.body.value as Card) : String(response.body.value);
  }
  const adminUser = makeUser('ServiceOwnerAdmin', { tenantId: T, objectId: ADMIN.objectId, displayName: ADMIN.name });
  const tab = (method: TabRoute['method'], path: string) => {
    const route = routes.find((r) => r.method === method && r.path === path)!;
    return {
      handler: async (request: Parameters<TabRoute['handler']>[0]) => (await route.handler(request)) as { status: number; body: unknown },
    };
  };

  async function requestAsNewcomer(): Promise<string> {
    const card = await act(NEWCOMER, MEMBERSHIP_VERBS.request, { institutionId: INSTITUTION_A.id, requestedRole: 'main-user' });
    assert.match(json(card), /skickats till Utbildningsstyrelsen/);
    const pending = await repository.listPending();
    assert.equal(pending.length, 1);
    return pending[0]!.id;
  }

  it('greets an unmapped person once, in their language, and still answers them', async () => {
    const first = await say(NEWCOMER, 'hur ansluter vi?');
    // One message: the answer, with the request card attached.
    assert.equal(first.length, 1);
    assert.equal(first[0]!.text, 'answer:hur ansluter vi?');
    const greeting = cardOf(first[0]!)!;
    assert.match(json(greeting), /Vilken organisation representerar du\?/);
    // The institution picker lists the institutions and "system vendor"; the role choices are the four asked for.
    const picker = greeting.body.find((e) => e.id === 'institutionId') as { choices: Array<{ value: string }>; style: string };
    assert.deepEqual(picker.choices.map((c) => c.value).sort(), [INSTITUTION_A.id, INSTITUTION_B.id, 'vendor'].sort());
    assert.equal(picker.style, 'filtered');

    now = new Date(now.getTime() + 3_600_000);
    const second = await say(NEWCOMER, 'och sedan?');
    assert.deepEqual(
      second.map((r) => r.text),
      ['answer:och sedan?'],
    );
    // A mapped person is never greeted.
    const admin = await say(ADMIN, 'hei', 'fi-FI');
    assert.deepEqual(
      admin.map((r) => r.text),
      ['answer:hei'],
    );
  });

  it('request → expert channel card → approve with a changed role → member told in Swedish with new rights; audited', async () => {
    await say(NEWCOMER, 'hej');
    const requestId = await requestAsNewcomer();
    // Until approved: Participant.
    assert.equal(await users.find(T, NEWCOMER.objectId), undefined);

    const expertPost = messenger.sent.find((m) => m.op === 'send' && m.conversationId === EXPERTS);
    assert.ok(expertPost?.reply?.kind === 'card');
    const expertCard = expertPost.reply.card;
    assert.match(json(expertCard), /Siri Svensson/);
    assert.match(json(expertCard), /Testivaaran yliopisto/);
    const roleInput = expertCard.body.find((e) => e.id === 'role') as unknown as { value: string };
    assert.equal(roleInput.value, 'InstitutionAdmin', 'the requested role is preselected');
    assert.deepEqual(
      expertCard.actions?.map((a) => a.verb),
      [MEMBERSHIP_VERBS.approve, MEMBERSHIP_VERBS.reject],
    );

    // A non-admin cannot decide.
    const refused = await act(NEWCOMER, MEMBERSHIP_VERBS.approve, { requestId, role: 'ServiceOwnerAdmin', institutionId: '' });
    assert.equal(typeof refused, 'string');
    assert.equal((await repository.listPending()).length, 1);

    // The admin changes the role to Vendor in the card and approves.
    now = new Date(now.getTime() + 60_000);
    const decided = await act(ADMIN, MEMBERSHIP_VERBS.approve, { requestId, role: 'Vendor', institutionId: INSTITUTION_A.id }, 'fi-FI');
    assert.match(json(decided), /Hyväksytty \(Olli Ylläpitäjä\): järjestelmätoimittaja/);
    const mapped = await users.find(T, NEWCOMER.objectId);
    assert.deepEqual([mapped?.role, mapped?.institutionId], ['Vendor', INSTITUTION_A.id]);

    const told = messenger.sent.find((m) => m.op === 'sendToUser' && m.conversationId === `personal:${NEWCOMER.objectId}`);
    assert.ok(told?.reply?.kind === 'card');
    assert.match(json(told.reply.card), /Din medlemsbegäran har godkänts/);
    assert.match(json(told.reply.card), /testsökningar i ONR:s testmiljö/, 'the new rights are listed');
    assert.ok(
      messenger.sent.some(
        (m) => m.op === 'update' && m.conversationId.startsWith(EXPERTS) && JSON.stringify(m.reply).includes('Hyväksytty'),
      ),
      'the expert card shows the decision',
    );
    assert.deepEqual(
      (await repository.auditTrail(requestId)).map((e) => [e.action, e.actorObjectId, e.role]),
      [
        ['requested', NEWCOMER.objectId, null],
        ['approved', ADMIN.objectId, 'Vendor'],
      ],
    );

    // A second click (another admin) does not decide again.
    const again = await act(ADMIN, MEMBERSHIP_VERBS.approve, { requestId, role: 'Participant', institutionId: '' }, 'fi-FI');
    assert.match(json(again), /Pyyntö on jo käsitelty/);
    assert.equal((await users.find(T, NEWCOMER.objectId))?.role, 'Vendor');
    // Now mapped: no new request is needed.
    const join = await say(NEWCOMER, 'gå med');
    assert.match(join[0]!.text ?? '', /Du har redan rollen systemleverantör/);
  });

  it('no duplicate requests; reject needs a reason; the member may ask again only after 7 days', async () => {
    const requestId = await requestAsNewcomer();
    const duplicate = await act(NEWCOMER, MEMBERSHIP_VERBS.request, { institutionId: INSTITUTION_B.id, requestedRole: 'other' });
    assert.match(json(duplicate), /redan en begäran under behandling/);
    assert.equal((await repository.listPending()).length, 1);

    const noReason = await act(ADMIN, MEMBERSHIP_VERBS.reject, { requestId, reason: '  ' }, 'fi-FI');
    assert.match(String(noReason), /hylkäyksen syy/);
    await act(ADMIN, MEMBERSHIP_VERBS.reject, { requestId, reason: 'Ei tunnistettu organisaatiota' }, 'fi-FI');
    const told = messenger.sent.filter((m) => m.op === 'sendToUser').at(-1);
    assert.ok(told?.reply?.kind === 'card');
    assert.match(json(told.reply.card), /godkändes inte/);
    assert.match(json(told.reply.card), /Ei tunnistettu organisaatiota/);
    assert.match(json(told.reply.card), /3\.12\.2026/, 'ask-again date, 7 days after the decision');
    assert.equal(await users.find(T, NEWCOMER.objectId), undefined);

    now = new Date(now.getTime() + 6 * 86_400_000);
    const tooSoon = await say(NEWCOMER, 'gå med');
    assert.match(tooSoon.at(-1)!.text ?? '', /Du kan be igen från och med 3\.12\.2026/);
    const tooSoonSubmit = await act(NEWCOMER, MEMBERSHIP_VERBS.request, { institutionId: INSTITUTION_A.id, requestedRole: 'main-user' });
    assert.match(json(tooSoonSubmit), /från och med/);

    now = new Date(now.getTime() + 1 * 86_400_000 + 60_000);
    const form = await say(NEWCOMER, 'gå med');
    assert.match(json(cardOf(form.at(-1)!)), /Vilken organisation representerar du\?/);
    await requestAsNewcomer();
  });

  it('a system vendor needs the vendor name; malformed submits change nothing', async () => {
    for (const data of [
      { institutionId: 'vendor', requestedRole: 'vendor' },
      { institutionId: 'no-such', requestedRole: 'other' },
      { requestedRole: 'main-user' },
      { institutionId: INSTITUTION_A.id, requestedRole: 'king' },
    ]) {
      await act(NEWCOMER, MEMBERSHIP_VERBS.request, data);
    }
    assert.deepEqual(await repository.listPending(), []);
    await act(NEWCOMER, MEMBERSHIP_VERBS.request, { institutionId: 'vendor', vendorName: 'Peppi-konsortio', requestedRole: 'vendor' });
    const [request] = await repository.listPending();
    assert.deepEqual([request?.institutionId, request?.vendorName, request?.requestedRole], [null, 'Peppi-konsortio', 'vendor']);
  });

  it('membersAdded greets a new team member once; installing the app in a team reads the roster', async () => {
    const teamConversation = { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: T, isGroup: true, name: '' };
    const channelData = {
      eventType: 'teamMemberAdded',
      team: { id: '19:team@thread.tacv2', name: 'Oppijanumeropalvelu' },
      tenant: { id: T },
    };
    const member = {
      id: '29:newcomer',
      name: NEWCOMER.name,
      aadObjectId: NEWCOMER.objectId,
      email: 'siri@example.test',
      userRole: 'guest',
    };
    const added = await send(NEWCOMER, {
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [member],
      conversation: teamConversation,
      channelData,
    } as Partial<Activity>);
    // No personal chat yet: a short public welcome instead of the card.
    assert.deepEqual(
      added.map((r) => r.text),
      [
        'Välkommen, Siri Svensson! Du får rätt behörigheter genom att berätta din organisation: skriv "gå med" till mig i en personlig chatt.',
      ],
    );
    const again = await send(NEWCOMER, {
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [member],
      conversation: teamConversation,
      channelData,
    } as Partial<Activity>);
    assert.deepEqual(again, []);

    roster = [
      { tenantId: T, objectId: 'roster-1', displayName: 'Rauni Rosteri', email: 'rauni@uni.example', userRole: 'guest' },
      { tenantId: T, objectId: 'roster-2', displayName: 'Tapio Tiimi', email: 'tapio@uni.example', userRole: 'user' },
    ];
    await send(NEWCOMER, {
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: '28:bot', name: 'Bot' }],
      conversation: teamConversation,
      channelData: { ...channelData, eventType: 'teamMemberAdded' },
    } as Partial<Activity>);
    const list = await tab('get', '/admin/people').handler({ user: adminUser, params: {}, query: { q: 'uni.example' }, body: null });
    const names = (list.body as { people: Array<{ displayName: string; role: string; guest: boolean }> }).people;
    assert.deepEqual(
      names.map((p) => [p.displayName, p.role, p.guest]),
      [
        ['Rauni Rosteri', 'Participant', true],
        ['Tapio Tiimi', 'Participant', false],
      ],
    );
  });

  it('users page: everyone known, searchable; a role is set by picking a person (ids never typed); admins only', async () => {
    await say(NEWCOMER, 'hej');
    await requestAsNewcomer();
    const list = async (q: string) =>
      (
        (await tab('get', '/admin/people').handler({ user: adminUser, params: {}, query: { q }, body: null })).body as {
          people: Array<Record<string, unknown>>;
        }
      ).people;
    const all = await list('');
    assert.deepEqual(
      all.map((p) => [p.displayName, p.role, p.pendingRequest]),
      [
        ['Olli Ylläpitäjä', 'ServiceOwnerAdmin', false],
        ['Siri Svensson', 'Participant', true],
      ],
    );
    assert.ok(all.find((p) => p.displayName === 'Siri Svensson')?.lastActivityAt);
    assert.deepEqual(
      (await list('siri')).map((p) => p.displayName),
      ['Siri Svensson'],
    );

    const setRole = tab('put', '/admin/people/:tenantId/:objectId/role');
    await setRole.handler({
      user: adminUser,
      params: { tenantId: T, objectId: NEWCOMER.objectId },
      query: {},
      body: { role: 'InstitutionAdmin', institutionId: INSTITUTION_B.id },
    });
    assert.deepEqual(
      [(await users.find(T, NEWCOMER.objectId))?.role, (await users.find(T, NEWCOMER.objectId))?.displayName],
      ['InstitutionAdmin', 'Siri Svensson'],
    );
    await assert.rejects(
      setRole.handler({ user: adminUser, params: { tenantId: T, objectId: 'never-seen' }, query: {}, body: { role: 'Vendor' } }),
      /unknown person/,
    );
    await assert.rejects(
      setRole.handler({
        user: adminUser,
        params: { tenantId: T, objectId: NEWCOMER.objectId },
        query: {},
        body: { role: 'InstitutionAdmin' },
      }),
      /needs an institution/,
    );

    const participant = makeUser('Participant', { tenantId: T, objectId: NEWCOMER.objectId });
    for (const route of routes) {
      await assert.rejects(
        route.handler({ user: participant, params: { id: 'x', tenantId: T, objectId: 'x' }, query: {}, body: {} }),
        (e: { code?: string }) => e.code === 'FORBIDDEN',
        `${route.method} ${route.path}`,
      );
    }
  });

  it('the tab queue approves and rejects like the channel card', async () => {
    const requestId = await requestAsNewcomer();
    const queue = (await tab('get', '/admin/membership-requests').handler({ user: adminUser, params: {}, query: {}, body: null })).body as {
      requests: Array<{ id: string }>;
    };
    assert.deepEqual(
      queue.requests.map((r) => r.id),
      [requestId],
    );
    const approve = tab('post', '/admin/membership-requests/:id/approve');
    const result = await approve.handler({
      user: adminUser,
      params: { id: requestId },
      query: {},
      body: { role: 'InstitutionAdmin', institutionId: INSTITUTION_A.id },
    });
    assert.equal(result.status, 200);
    await assert.rejects(
      approve.handler({
        user: adminUser,
        params: { id: requestId },
        query: {},
        body: { role: 'InstitutionAdmin', institutionId: INSTITUTION_A.id },
      }),
      (e: { code?: string }) => e.code === 'CONFLICT',
    );
    assert.equal((await users.find(T, NEWCOMER.objectId))?.role, 'InstitutionAdmin');
  });
});

/** Membership repository on SQLite and PostgreSQL: people, one open request per person, decisions once, audit. */
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../helpers/databases.js';
import { createMembershipRepository } from '../../../bot/store/membership-repository.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createOnboardingRepository } from '../../../bot/store/onboarding-repository.js';
import { INSTITUTION_A } from '../onboarding/helpers.js';

const T = '00000000-0000-0000-0000-0000000000aa';
const person = { tenantId: T, objectId: 'p-1' };
const admin = { tenantId: T, objectId: 'admin-1' };

describeEachDatabase('membership repository', (getStore) => {
  it('notes people from rosters and messages; later data fills in, nothing is lost', async () => {
    const repo = createMembershipRepository(getStore());
    await repo.notePerson(
      { ...person, displayName: 'Pia Pyytäjä', email: 'pia@example.test', userRole: 'guest', source: 'roster' },
      '2026-11-01T10:00:00.000Z',
    );
    await repo.notePerson(
      { ...person, displayName: '', source: 'bot', activityAt: '2026-11-02T10:00:00.000Z' },
      '2026-11-02T10:00:00.000Z',
    );
    const found = await repo.findPerson(person);
    assert.deepEqual(
      { ...found },
      {
        ...person,
        displayName: 'Pia Pyytäjä',
        email: 'pia@example.test',
        userRole: 'guest',
        source: 'roster',
        lastActivityAt: '2026-11-02T10:00:00.000Z',
        greetedAt: null,
      },
    );
  });

  it('claims the greeting once', async () => {
    const repo = createMembershipRepository(getStore());
    await repo.notePerson({ ...person, displayName: 'Pia', source: 'bot' }, '2026-11-01T10:00:00.000Z');
    assert.equal(await repo.claimGreeting(person, '2026-11-01T10:00:01.000Z'), true);
    assert.equal(await repo.claimGreeting(person, '2026-11-01T10:00:02.000Z'), false);
  });

  it('keeps one open request per person (database-enforced), decides it once and audits', async () => {
    const store = getStore();
    await createOnboardingRepository(store).createInstitution(INSTITUTION_A);
    const repo = createMembershipRepository(store);
    const input = {
      ...person,
      displayName: 'Pia',
      institutionId: INSTITUTION_A.id,
      vendorName: null,
      requestedRole: 'main-user' as const,
      lang: 'sv',
    };
    const [a, b] = await Promise.all([
      repo.createRequest(input, '2026-11-01T10:00:00.000Z'),
      repo.createRequest(input, '2026-11-01T10:00:00.001Z'),
    ]);
    assert.equal([a, b].filter(Boolean).length, 1, 'exactly one of two simultaneous requests is stored');
    const request = (a ?? b)!;
    assert.deepEqual(
      (await repo.listPending()).map((r) => r.id),
      [request.id],
    );

    const decisions = await Promise.all([
      repo.decide(
        request.id,
        { status: 'approved', role: 'InstitutionAdmin', institutionId: INSTITUTION_A.id, reason: null, by: admin },
        '2026-11-02T10:00:00.000Z',
      ),
      repo.decide(request.id, { status: 'rejected', role: null, institutionId: null, reason: 'x', by: admin }, '2026-11-02T10:00:00.000Z'),
    ]);
    assert.deepEqual(decisions.filter(Boolean).length, 1, 'a request is decided once');
    assert.deepEqual(await repo.listPending(), []);

    // After a decision the person may ask again (the 7-day rule lives in the service).
    const again = await repo.createRequest(input, '2026-11-10T10:00:00.000Z');
    assert.ok(again);
    assert.equal((await repo.latestRequest(person))?.id, again.id);

    await repo.audit({
      requestId: request.id,
      action: 'requested',
      subject: person,
      actor: { ...person, displayName: 'Pia' },
      at: '2026-11-01T10:00:00.000Z',
    });
    await repo.audit({
      requestId: request.id,
      action: 'approved',
      subject: person,
      actor: { ...admin, displayName: 'Olli' },
      role: 'InstitutionAdmin',
      institutionId: INSTITUTION_A.id,
      at: '2026-11-02T10:00:00.000Z',
    });
    assert.deepEqual(
      (await repo.auditTrail(request.id)).map((e) => [e.action, e.actorObjectId, e.role]),
      [
        ['requested', 'p-1', null],
        ['approved', 'admin-1', 'InstitutionAdmin'],
      ],
    );
  });

  it('lists known people with their mapping, plus mapped users not seen yet', async () => {
    const store = getStore();
    const repo = createMembershipRepository(store);
    const users = createUsersRepository(store);
    await repo.notePerson({ ...person, displayName: 'Pia', source: 'roster' }, '2026-11-01T10:00:00.000Z');
    await users.upsert({ ...admin, displayName: 'Olli', role: 'ServiceOwnerAdmin', institutionId: null, locale: null });
    const people = await repo.listPeople();
    assert.deepEqual(people.map((p) => [p.objectId, p.displayName, p.role]).sort(), [
      ['admin-1', 'Olli', 'ServiceOwnerAdmin'],
      ['p-1', 'Pia', null],
    ]);
  });
});

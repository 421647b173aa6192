/**
 * Issue 16: the membership greeting on every message. Within the 10-minute window a person's messages
 * cost nothing (as before); after it, the last activity is written again, but a person who was greeted
 * already or has a request on file — both permanent — is not looked up again. A mapped person is
 * looked up each window (losing the mapping makes them due), and the memory is bounded.
 */
import assert from 'node:assert/strict';
import type { MembershipRepository, PersonKey } from '../../../bot/store/membership-repository.js';
import type { UsersRepository } from '../../../bot/store/users-repository.js';
import { createMembershipService, MAX_PEOPLE_IN_MEMORY } from '../../../bot/features/membership/service.js';
import { FakeMessenger, makeUser } from '../../helpers/fakes.js';

const WINDOW_MS = 10 * 60_000;

function fakes(options: { mapped?: string[]; requests?: string[]; greetedBefore?: string[] } = {}) {
  const calls = { notePerson: 0, usersFind: 0, latestRequest: 0, claimGreeting: 0 };
  const mapped = new Set(options.mapped ?? []);
  const requests = new Set(options.requests ?? []);
  const greeted = new Set(options.greetedBefore ?? []);
  const repository = {
    async notePerson() {
      calls.notePerson += 1;
    },
    async latestRequest(key: PersonKey) {
      calls.latestRequest += 1;
      return requests.has(key.objectId) ? { id: 'r', status: 'pending' } : undefined;
    },
    async claimGreeting(key: PersonKey) {
      calls.claimGreeting += 1;
      if (greeted.has(key.objectId)) return false;
      greeted.add(key.objectId);
      return true;
    },
  } as unknown as MembershipRepository;
  const users = {
    async find(_tenantId: string, objectId: string) {
      calls.usersFind += 1;
      return mapped.has(objectId) ? { role: 'InstitutionAdmin' } : undefined;
    },
  } as unknown as UsersRepository;
  let time = Date.parse('2026-12-01T08:00:00Z');
  const service = createMembershipService({
    repository,
    users,
    institutions: async () => [{ id: 'inst-a', nameFi: 'Korkeakoulu A', nameSv: 'Högskola A', nameEn: 'University A' }],
    messenger: new FakeMessenger(),
    expertChannel: async () => null,
    clock: () => new Date(time),
  });
  return {
    service,
    calls,
    mapped,
    later: (ms: number) => {
      time += ms;
    },
  };
}

const person = (objectId: string) => makeUser('Participant', { objectId, institutionId: null });

describe('membership greeting on the hot path (issue 16)', () => {
  it('greets an unmapped person once; after that, each window costs one write and no look-ups', async () => {
    const { service, calls, later } = fakes();
    const newcomer = person('newcomer');
    assert.ok(await service.noteContact(newcomer, 'fi'), 'greeted on the first message');
    assert.deepEqual(calls, { notePerson: 1, usersFind: 1, latestRequest: 1, claimGreeting: 1 });
    assert.equal(await service.noteContact(newcomer, 'fi'), null);
    assert.deepEqual(calls, { notePerson: 1, usersFind: 1, latestRequest: 1, claimGreeting: 1 }, 'within the window: nothing');
    for (let i = 0; i < 3; i += 1) {
      later(WINDOW_MS + 1);
      assert.equal(await service.noteContact(newcomer, 'fi'), null);
    }
    assert.deepEqual(
      calls,
      { notePerson: 4, usersFind: 1, latestRequest: 1, claimGreeting: 1 },
      'last activity written, greeting not looked up again',
    );
  });

  it('a person greeted by another instance, or with a request on file, is looked up once', async () => {
    const { service, calls, later } = fakes({ greetedBefore: ['elsewhere'], requests: ['asking'] });
    for (let i = 0; i < 3; i += 1) {
      assert.equal(await service.noteContact(person('elsewhere'), 'sv'), null);
      assert.equal(await service.noteContact(person('asking'), 'sv'), null);
      later(WINDOW_MS + 1);
    }
    assert.equal(calls.notePerson, 6);
    assert.equal(calls.usersFind, 2);
    assert.equal(calls.latestRequest, 2);
    assert.equal(calls.claimGreeting, 1, 'only the person without a request tried the claim');
  });

  it('a mapped person is looked up each window: losing the mapping makes the greeting due', async () => {
    const { service, calls, mapped, later } = fakes({ mapped: ['member'] });
    assert.equal(await service.noteContact(person('member'), 'en'), null);
    later(WINDOW_MS + 1);
    assert.equal(await service.noteContact(person('member'), 'en'), null);
    assert.equal(calls.usersFind, 2);
    mapped.delete('member');
    later(WINDOW_MS + 1);
    assert.ok(await service.noteContact(person('member'), 'en'), 'greeted once the mapping is gone');
  });

  it('keeps a bounded number of people: the least recent is forgotten, not everyone at once', async () => {
    const { service, calls } = fakes({ mapped: Array.from({ length: MAX_PEOPLE_IN_MEMORY + 1 }, (_, i) => `p-${i}`) });
    for (let i = 0; i <= MAX_PEOPLE_IN_MEMORY; i += 1) await service.noteContact(person(`p-${i}`), 'fi');
    assert.equal(calls.notePerson, MAX_PEOPLE_IN_MEMORY + 1);
    await service.noteContact(person(`p-${MAX_PEOPLE_IN_MEMORY}`), 'fi');
    await service.noteContact(person('p-1'), 'fi');
    assert.equal(calls.notePerson, MAX_PEOPLE_IN_MEMORY + 1, 'recent people are still within their window');
    await service.noteContact(person('p-0'), 'fi');
    assert.equal(calls.notePerson, MAX_PEOPLE_IN_MEMORY + 2, 'the least recent was forgotten and written again');
  });
});

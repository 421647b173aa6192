/**
 * Issue 16: the Teams profile (name, e-mail) of a person who talks to the bot is written when it is new
 * or changed, not on every message; the memory of what was written is bounded and keyed by the person.
 */
import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import { createLogger } from '../../../bot/log.js';
import type { ProfilesRepository, UserProfile } from '../../../bot/store/profiles-repository.js';
import { createProfileRecorder, MAX_REMEMBERED_PROFILES } from '../../../bot/teams/profiles.js';
import { makeUser } from '../../helpers/fakes.js';

const silent = createLogger({ level: 'silent' });

function recordingProfiles(options: { failWrites?: number } = {}) {
  let failures = options.failWrites ?? 0;
  const writes: UserProfile[] = [];
  const repository = {
    async remember(profile: UserProfile) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('database unavailable');
      }
      writes.push(profile);
    },
    async find() {
      return undefined;
    },
  } as unknown as ProfilesRepository;
  return { repository, writes };
}

const contextOf = (name: string) => ({ activity: { channelId: 'msteams', from: { id: '29:x', name } } }) as unknown as TurnContext;

describe('remembering Teams profiles on the hot path (issue 16)', () => {
  it('writes a person once while their name stays the same, and again when it changes (also back)', async () => {
    const { repository, writes } = recordingProfiles();
    const recorder = createProfileRecorder({ profiles: repository, logger: silent });
    const user = makeUser('Participant', { objectId: 'p-1' });
    for (let i = 0; i < 5; i += 1) await recorder.record(contextOf('Maija Meikäläinen'), user);
    assert.deepEqual(
      writes.map((w) => w.displayName),
      ['Maija Meikäläinen'],
    );
    await recorder.record(contextOf('Maija Virtanen'), user);
    await recorder.record(contextOf('Maija Virtanen'), user);
    await recorder.record(contextOf('Maija Meikäläinen'), user);
    assert.deepEqual(
      writes.map((w) => w.displayName),
      ['Maija Meikäläinen', 'Maija Virtanen', 'Maija Meikäläinen'],
    );
    await recorder.record(contextOf('  '), user);
    assert.equal(writes.length, 3, 'no name, nothing to write');
  });

  it('asks for the e-mail once when contact is allowed, even after the name was stored without it', async () => {
    const { repository, writes } = recordingProfiles();
    let lookups = 0;
    const recorder = createProfileRecorder({
      profiles: repository,
      logger: silent,
      lookupEmail: async () => {
        lookups += 1;
        return 'maija@korkeakoulu.example';
      },
    });
    const user = makeUser('Vendor', { objectId: 'p-2' });
    await recorder.record(contextOf('Maija'), user);
    await recorder.record(contextOf('Maija'), user, { allowsContact: true });
    await recorder.record(contextOf('Maija'), user, { allowsContact: true });
    await recorder.record(contextOf('Maija'), user);
    assert.equal(lookups, 1);
    assert.deepEqual(
      writes.map((w) => w.email),
      [null, 'maija@korkeakoulu.example'],
    );
  });

  it('keys by the person: two people with one name are both written', async () => {
    const { repository, writes } = recordingProfiles();
    const recorder = createProfileRecorder({ profiles: repository, logger: silent });
    await recorder.record(contextOf('Sama Nimi'), makeUser('Participant', { objectId: 'p-3' }));
    await recorder.record(contextOf('Sama Nimi'), makeUser('Participant', { objectId: 'p-4' }));
    await recorder.record(contextOf('Sama Nimi'), makeUser('Participant', { objectId: 'p-3', tenantId: 'another-tenant' }));
    assert.equal(writes.length, 3);
  });

  it('a failed write is tried again on the next message', async () => {
    const { repository, writes } = recordingProfiles({ failWrites: 1 });
    const recorder = createProfileRecorder({ profiles: repository, logger: silent });
    const user = makeUser('Participant', { objectId: 'p-5' });
    await recorder.record(contextOf('Kalle'), user);
    assert.equal(writes.length, 0);
    await recorder.record(contextOf('Kalle'), user);
    await recorder.record(contextOf('Kalle'), user);
    assert.equal(writes.length, 1);
  });

  it('remembers a bounded number of people: the least recent is forgotten and written again', async () => {
    const { repository, writes } = recordingProfiles();
    const recorder = createProfileRecorder({ profiles: repository, logger: silent });
    const person = (i: number) => makeUser('Participant', { objectId: `bulk-${i}` });
    for (let i = 0; i <= MAX_REMEMBERED_PROFILES; i += 1) await recorder.record(contextOf('Henkilö'), person(i));
    assert.equal(writes.length, MAX_REMEMBERED_PROFILES + 1);
    await recorder.record(contextOf('Henkilö'), person(MAX_REMEMBERED_PROFILES));
    assert.equal(writes.length, MAX_REMEMBERED_PROFILES + 1, 'the most recent person is still known');
    await recorder.record(contextOf('Henkilö'), person(0));
    assert.equal(writes.length, MAX_REMEMBERED_PROFILES + 2, 'the first person was forgotten, so written again');
  });
});

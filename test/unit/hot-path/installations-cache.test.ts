/**
 * Issue 16 / issue 12 item 11: rememberUser skips the database when a known user's personal chat would
 * be stored unchanged, writes again on any change, and remembers a bounded number of users.
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { createLogger } from '../../../bot/log.js';
import { LruCache } from '../../../bot/lru-cache.js';
import type { ConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { makeUser } from '../../helpers/fakes.js';

const silent = createLogger({ level: 'silent' });

function recordingConversations(options: { failUpserts?: number } = {}) {
  let failures = options.failUpserts ?? 0;
  const writes = {
    upserts: [] as Array<{ id: string; serviceUrl: string }>,
    users: [] as Array<{ objectId: string; conversationId: string; locale: string | null }>,
  };
  const repository = {
    async upsert(row: { id: string; serviceUrl: string }) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('database unavailable');
      }
      writes.upserts.push({ id: row.id, serviceUrl: row.serviceUrl });
    },
    async rememberUserConversation(_tenantId: string, objectId: string, conversationId: string, locale: string | null) {
      writes.users.push({ objectId, conversationId, locale });
    },
  } as unknown as ConversationsRepository;
  return { repository, writes };
}

function personalMessage(objectId: string, overrides: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    id: `m-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    locale: 'fi-FI',
    from: { id: `29:${objectId}`, name: 'Test User', aadObjectId: objectId },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: `a:${objectId}`, conversationType: 'personal', tenantId: 'tenant', isGroup: false, name: '' },
    ...overrides,
  } as Partial<Activity>;
}

describe('issue 16: rememberUser writes only what changed, in a bounded cache', () => {
  it('a known user asking again with nothing changed costs no database write', async () => {
    const { repository, writes } = recordingConversations();
    const tracker = createInstallationTracker(repository, silent);
    const user = makeUser('Participant', { objectId: 'u1' });
    for (let i = 0; i < 5; i++) await tracker.rememberUser(personalMessage('u1'), user);
    assert.equal(writes.upserts.length, 1, 'conversation stored once');
    assert.equal(writes.users.length, 1, 'user → chat mapping stored once');
  });

  it('a change in locale, serviceUrl or chat is written again', async () => {
    const { repository, writes } = recordingConversations();
    const tracker = createInstallationTracker(repository, silent);
    const user = makeUser('Participant', { objectId: 'u1' });
    await tracker.rememberUser(personalMessage('u1'), user);
    await tracker.rememberUser(personalMessage('u1', { locale: 'sv-SE' }), user);
    await tracker.rememberUser(personalMessage('u1', { locale: 'sv-SE', serviceUrl: 'https://smba.trafficmanager.net/teams/' }), user);
    await tracker.rememberUser(
      personalMessage('u1', {
        locale: 'sv-SE',
        serviceUrl: 'https://smba.trafficmanager.net/teams/',
        conversation: { id: 'a:other', conversationType: 'personal', tenantId: 'tenant', isGroup: false, name: '' },
      }),
      user,
    );
    assert.deepEqual(
      writes.users.map((w) => [w.conversationId, w.locale]),
      [
        ['a:u1', 'fi-FI'],
        ['a:u1', 'sv-SE'],
        ['a:u1', 'sv-SE'],
        ['a:other', 'sv-SE'],
      ],
    );
    assert.deepEqual(writes.upserts.map((w) => w.serviceUrl).slice(1, 3), [
      'https://smba.trafficmanager.net/emea/',
      'https://smba.trafficmanager.net/teams/',
    ]);
  });

  it('the cache is bounded: past maxKnownUsers the least recent user is forgotten (and written once more)', async () => {
    const { repository, writes } = recordingConversations();
    const tracker = createInstallationTracker(repository, silent, { maxKnownUsers: 2 });
    const users = ['a', 'b', 'c'].map((id) => makeUser('Participant', { objectId: id }));
    for (const user of users) await tracker.rememberUser(personalMessage(user.objectId), user);
    assert.equal(writes.users.length, 3);
    await tracker.rememberUser(personalMessage('c'), users[2]!);
    await tracker.rememberUser(personalMessage('b'), users[1]!);
    assert.equal(writes.users.length, 3, 'the two most recent users are still known');
    await tracker.rememberUser(personalMessage('a'), users[0]!);
    assert.equal(writes.users.length, 4, '"a" was evicted by "c", so it is stored again');
  });

  it('a failed write is not remembered: the next turn tries again', async () => {
    const { repository, writes } = recordingConversations({ failUpserts: 1 });
    const tracker = createInstallationTracker(repository, silent);
    const user = makeUser('Participant', { objectId: 'u1' });
    await assert.rejects(tracker.rememberUser(personalMessage('u1'), user));
    await tracker.rememberUser(personalMessage('u1'), user);
    assert.equal(writes.upserts.length, 1);
    assert.equal(writes.users.length, 1);
  });

  it('channel and group chat turns are not remembered as personal chats', async () => {
    const { repository, writes } = recordingConversations();
    const tracker = createInstallationTracker(repository, silent);
    const user = makeUser('Participant', { objectId: 'u1' });
    await tracker.rememberUser(
      personalMessage('u1', { conversation: { id: '19:g', conversationType: 'groupChat', tenantId: 'tenant', isGroup: true, name: '' } }),
      user,
    );
    assert.equal(writes.upserts.length + writes.users.length, 0);
  });
});

describe('issue 16: LruCache', () => {
  it('keeps at most maxEntries, evicting the least recently used', () => {
    const cache = new LruCache<string, number>(3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i);
    assert.equal(cache.get('a'), 0, 'touching "a" makes "b" the least recent');
    cache.set('d', 3);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('b'), undefined);
    assert.deepEqual(
      ['a', 'c', 'd'].map((k) => cache.get(k)),
      [0, 2, 3],
    );
    for (let i = 0; i < 1_000; i++) cache.set(`k${i}`, i);
    assert.equal(cache.size, 3);
  });

  it('refuses a bound that is not a positive integer', () => {
    assert.throws(() => new LruCache(0), RangeError);
    assert.throws(() => new LruCache(1.5), RangeError);
  });
});

import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../helpers/databases.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { migrateToLatest } from '../../../bot/store/db.js';

describeEachDatabase('core repositories', (getStore) => {
  it('migrations are idempotent', async () => {
    await migrateToLatest(getStore().db, getStore().schema);
    await migrateToLatest(getStore().db, getStore().schema);
  });

  it('upserts, finds and removes users by (tenant, object id)', async () => {
    const store = getStore();
    await store.db
      .insertInto('institutions')
      .values({
        id: 'inst-1',
        name_fi: 'Testiyliopisto',
        name_sv: 'Testuniversitetet',
        name_en: 'Test University',
        organisation_oid: '1.2.246.562.10.00000000011',
        type: 'university',
        created_at: new Date().toISOString(),
      })
      .execute();
    const users = createUsersRepository(store);
    await users.upsert({ tenantId: 't', objectId: 'o1', displayName: 'A', role: 'Vendor', institutionId: null, locale: 'fi' });
    await users.upsert({
      tenantId: 't',
      objectId: 'o1',
      displayName: 'A2',
      role: 'InstitutionAdmin',
      institutionId: 'inst-1',
      locale: 'sv',
    });
    await users.upsert({ tenantId: 'other', objectId: 'o1', displayName: 'B', role: 'Participant', institutionId: null, locale: null });
    const found = await users.find('t', 'o1');
    assert.deepEqual(found, {
      tenantId: 't',
      objectId: 'o1',
      displayName: 'A2',
      role: 'InstitutionAdmin',
      institutionId: 'inst-1',
      locale: 'sv',
    });
    assert.equal((await users.find('other', 'o1'))?.role, 'Participant');
    assert.equal((await users.list()).length, 2);
    await users.remove('t', 'o1');
    assert.equal(await users.find('t', 'o1'), undefined);
  });

  it('refuses a user mapped to an unknown institution', async () => {
    const users = createUsersRepository(getStore());
    await assert.rejects(
      users.upsert({ tenantId: 't', objectId: 'o', displayName: '', role: 'Vendor', institutionId: 'nope', locale: null }),
    );
  });

  it('stores installations, keeps the first install time, deactivates teams', async () => {
    const conversations = createConversationsRepository(getStore());
    const base = {
      kind: 'channel' as const,
      tenantId: 't',
      teamId: 'team-1',
      teamName: 'T',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      reference: { conversation: { id: 'c1' } },
    };
    await conversations.upsert({ ...base, id: 'c1', channelName: 'General' });
    await conversations.upsert({ ...base, id: 'c2', channelName: 'Announcements' });
    await conversations.upsert({ ...base, id: 'c1', channelName: 'Yleinen' });
    const c1 = await conversations.get('c1');
    assert.equal(c1?.channelName, 'Yleinen');
    assert.deepEqual(c1?.reference, { conversation: { id: 'c1' } });
    assert.equal((await conversations.listActive()).length, 2);
    await conversations.deactivateTeam('team-1');
    assert.equal((await conversations.listActive()).length, 0);
    await conversations.upsert({ ...base, id: 'c1', channelName: 'General' });
    assert.equal((await conversations.listActive()).length, 1, 'a reinstall reactivates');
  });

  it('remembers the latest personal conversation of a user', async () => {
    const conversations = createConversationsRepository(getStore());
    await conversations.rememberUserConversation('t', 'o', 'a:1', 'fi-FI');
    await conversations.rememberUserConversation('t', 'o', 'a:2', 'sv-FI');
    assert.deepEqual(await conversations.findUserConversation('t', 'o'), { conversationId: 'a:2', locale: 'sv-FI' });
    assert.equal(await conversations.findUserConversation('t', 'x'), undefined);
  });
});

import assert from 'node:assert/strict';
import { resolveTargets, targetChoices } from '../../../bot/features/announcements/audience.js';
import type { StoredConversation } from '../../../bot/store/conversations-repository.js';

const conv = (
  id: string,
  kind: StoredConversation['kind'],
  teamId: string | null = null,
  channelName: string | null = null,
): StoredConversation => ({
  id,
  kind,
  tenantId: 't',
  teamId,
  teamName: teamId ? `Team ${teamId}` : null,
  channelName,
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  reference: {},
  active: true,
});
const active = [
  conv('19:service@thread.tacv2', 'channel', '19:service@thread.tacv2', 'General'),
  conv('19:t1@thread.tacv2', 'channel', '19:t1@thread.tacv2', 'General'),
  conv('19:t1-dev@thread.tacv2', 'channel', '19:t1@thread.tacv2', 'Kehitys'),
  conv('19:t2-x@thread.tacv2', 'channel', '19:t2@thread.tacv2', 'X'),
  conv('19:g@thread.v2', 'groupChat'),
  conv('a:p1', 'personal'),
];

describe('announcements audience', function () {
  it('the service channel, even when it is not installed (the report then shows the failure)', function () {
    assert.deepEqual(
      resolveTargets({ kind: 'service-channel', conversationId: '19:service@thread.tacv2' }, active).map((t) => t.conversationId),
      ['19:service@thread.tacv2'],
    );
    const missing = resolveTargets({ kind: 'service-channel', conversationId: '19:other@thread.tacv2;messageid=1' }, active);
    assert.deepEqual(
      missing.map((t) => t.conversationId),
      ['19:other@thread.tacv2'],
    );
    assert.deepEqual(resolveTargets({ kind: 'service-channel', conversationId: null }, active), []);
  });

  it('every installation once', function () {
    assert.equal(resolveTargets({ kind: 'all' }, active).length, active.length);
  });

  it('a subset: chosen channels, and a team means its General channel (else its first channel)', function () {
    const targets = resolveTargets(
      {
        kind: 'subset',
        conversationIds: ['19:t1-dev@thread.tacv2', '19:unknown@thread.tacv2'],
        teamIds: ['19:t1@thread.tacv2', '19:t2@thread.tacv2'],
      },
      active,
    );
    assert.deepEqual(targets.map((t) => t.conversationId).sort(), ['19:t1-dev@thread.tacv2', '19:t1@thread.tacv2', '19:t2-x@thread.tacv2']);
  });

  it('offers channels and group chats as choices, not personal chats', function () {
    const choices = targetChoices(active, 'fi');
    assert.ok(choices.some((c) => c.label === 'Team 19:t1@thread.tacv2 › Kehitys'));
    assert.ok(!choices.some((c) => c.id === 'a:p1'));
  });
});

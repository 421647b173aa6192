/**
 * Card verbs follow one scheme, `<feature>.<action>` in English (issue 14 item 10), and renamed verbs
 * stay answerable through each feature's LEGACY_VERB_ALIASES (cards already posted in Teams keep theirs).
 */
import assert from 'node:assert/strict';
import * as announcements from '../../../bot/features/announcements/verbs.js';
import * as feedback from '../../../bot/features/feedback/verbs.js';
import * as guidance from '../../../bot/features/guidance/verbs.js';
import * as lookup from '../../../bot/features/lookup/verbs.js';
import * as membership from '../../../bot/features/membership/verbs.js';
import * as onboarding from '../../../bot/features/onboarding/verbs.js';

const FEATURES = { announcements, feedback, guidance, lookup, membership, onboarding };

describe('card verbs and their legacy aliases (issue 14 item 10)', () => {
  for (const [feature, { VERBS, LEGACY_VERB_ALIASES }] of Object.entries(FEATURES)) {
    it(`${feature}: every verb is ${feature}.<action>, each declared once, and every alias leads to one of them`, () => {
      const verbs: string[] = Object.values(VERBS);
      for (const verb of verbs) assert.match(verb, new RegExp(`^${feature}\\.[a-z]+(-[a-z]+)*$`), verb);
      assert.equal(new Set(verbs).size, verbs.length, 'no verb twice');
      for (const [old, current] of Object.entries(LEGACY_VERB_ALIASES)) {
        assert.ok(verbs.includes(current), `${old} → ${current} names a current verb`);
        assert.ok(!verbs.includes(old), `${old} is not also a current verb`);
      }
    });
  }

  it('the renamed verbs of cards already posted are all listed', () => {
    assert.deepEqual(Object.keys(lookup.LEGACY_VERB_ALIASES).sort(), [
      'testihaku.hetu',
      'testihaku.ids',
      'testihaku.new',
      'testihaku.oid',
      'testihaku.refresh',
    ]);
    assert.equal(
      Object.keys(announcements.LEGACY_VERB_ALIASES).length,
      Object.keys(announcements.VERBS).length,
      'every announcement.* verb was renamed',
    );
    assert.equal(announcements.LEGACY_VERB_ALIASES['announcement.ack'], announcements.VERBS.ack);
    assert.deepEqual(feedback.LEGACY_VERB_ALIASES, {}, 'feedback already followed the scheme');
    assert.deepEqual(
      guidance.LEGACY_VERB_ALIASES,
      {
        'guidance.ticket.create': guidance.VERBS.ticketCreate,
        'guidance.ticket.assign': guidance.VERBS.ticketAssign,
        'guidance.ticket.answer': guidance.VERBS.ticketAnswer,
        'guidance.ticket.close': guidance.VERBS.ticketClose,
      },
      'the dotted ticket verbs of posted ticket and confirm cards',
    );
    assert.deepEqual(
      { ...membership.LEGACY_VERB_ALIASES, ...onboarding.LEGACY_VERB_ALIASES },
      {},
      'membership and onboarding already followed the scheme',
    );
  });
});

/** Issue 14 item 4: every state the pages show gets a badge tone (so a new state cannot silently look "neutral"). */
import assert from 'node:assert/strict';
import { toneOf } from '../../../tab/src/controls.js';
import { STATUSES as FEEDBACK_STATUSES } from '../../../bot/features/feedback/model.js';

describe('tab state badges (issue 14 item 4)', () => {
  it('gives each feedback status the tone its old pill colour had', () => {
    const tones = Object.fromEntries(FEEDBACK_STATUSES.map((s) => [s, toneOf(s)]));
    assert.deepEqual(tones, {
      new: 'neutral',
      under_review: 'active',
      planned: 'active',
      done: 'success',
      rejected: 'danger',
      duplicate: 'muted',
    });
  });

  it('maps announcement, delivery, ticket, gap and step states', () => {
    assert.equal(toneOf('draft'), 'neutral');
    assert.equal(toneOf('scheduled'), 'active');
    assert.equal(toneOf('published'), 'success');
    assert.equal(toneOf('retracted'), 'danger');
    assert.equal(toneOf('delivered'), 'success');
    assert.equal(toneOf('failed'), 'danger');
    assert.equal(toneOf('unconfirmed'), 'muted');
    assert.equal(toneOf('answered'), 'success');
    assert.equal(toneOf('closed'), 'muted');
    assert.equal(toneOf('downvoted'), 'danger');
    assert.equal(toneOf('in_progress'), 'active');
    assert.equal(toneOf('not_applicable'), 'muted');
    assert.equal(toneOf('not_started'), 'neutral');
  });
});

import assert from 'node:assert/strict';
import { canTransition, statesLeadingTo, TRANSITIONS } from '../../../bot/features/guidance/escalation/ticket-states.js';

describe('ticket lifecycle', () => {
  it('allows open → assigned → answered → closed and closing an unanswered ticket', () => {
    assert.ok(canTransition('open', 'assigned'));
    assert.ok(canTransition('assigned', 'answered'));
    assert.ok(canTransition('answered', 'closed'));
    assert.ok(canTransition('open', 'closed'));
    assert.ok(canTransition('assigned', 'closed'));
  });

  it('refuses skipping, going back and leaving closed', () => {
    assert.equal(canTransition('open', 'answered'), false);
    assert.equal(canTransition('answered', 'assigned'), false);
    assert.equal(canTransition('assigned', 'open'), false);
    assert.equal(canTransition('assigned', 'assigned'), false);
    assert.deepEqual(TRANSITIONS.closed, []);
  });

  it('lists the states a transition may start from (the repository guard)', () => {
    assert.deepEqual(statesLeadingTo('closed').sort(), ['answered', 'assigned', 'open']);
    assert.deepEqual(statesLeadingTo('answered'), ['assigned']);
    assert.deepEqual(statesLeadingTo('assigned'), ['open']);
    assert.deepEqual(statesLeadingTo('open'), []);
  });
});

/** Issue 14 item 9: the announcement transition table — every allowed and every refused change. */
import assert from 'node:assert/strict';
import { ACTIONS, TRANSITIONS, allowedActions, decide, type AnnouncementAction } from '../../../bot/features/announcements/lifecycle.js';
import { STATUSES, type AnnouncementStatus } from '../../../bot/features/announcements/model.js';

/** Written out by hand (not derived from the table): the lifecycle the README and the cards describe. */
const ALLOWED: Record<AnnouncementAction, Partial<Record<AnnouncementStatus, AnnouncementStatus>>> = {
  edit: { draft: 'draft', pending_approval: 'draft', scheduled: 'draft' },
  delete: { draft: 'deleted', pending_approval: 'deleted' },
  submit: { draft: 'published' },
  approve: { pending_approval: 'published' },
  reject: { pending_approval: 'draft' },
  unschedule: { scheduled: 'draft' },
  publish: { scheduled: 'published' },
  revise: { published: 'published' },
  retract: { published: 'retracted' },
  resend: { published: 'published' },
  'retry-retraction': { retracted: 'retracted' },
};

/** Refused at the version the actor saw, except a retraction asked again: that one is already done. */
const ALREADY_DONE: Partial<Record<AnnouncementAction, AnnouncementStatus>> = { retract: 'retracted' };

const at = (status: AnnouncementStatus, scheduledAt: string | null = null) => ({ status, version: 3, scheduledAt });

describe('announcement lifecycle table (issue 14 item 9)', () => {
  it('knows exactly the eleven changes', () => {
    assert.deepEqual([...ACTIONS].sort(), Object.keys(ALLOWED).sort());
  });

  for (const action of Object.keys(ALLOWED) as AnnouncementAction[]) {
    for (const status of STATUSES) {
      const expected = ALLOWED[action][status];
      const repeat = ALREADY_DONE[action] === status;
      it(`${action} from ${status}: ${expected ? `→ ${expected}` : repeat ? 'already done' : 'refused'}`, () => {
        const decision = decide(action, at(status), 3, 'single');
        assert.deepEqual(decision, expected ? { kind: 'go', to: expected } : repeat ? { kind: 'repeat' } : { kind: 'refuse' });
      });
    }
  }

  it('a release goes to scheduled when a time is set; two-person approval hands a submit to a second admin', () => {
    assert.deepEqual(decide('submit', at('draft', '2026-12-01T07:00:00.000Z'), 3, 'single'), { kind: 'go', to: 'scheduled' });
    assert.deepEqual(decide('approve', at('pending_approval', '2026-12-01T07:00:00.000Z'), 3, 'two-person'), {
      kind: 'go',
      to: 'scheduled',
    });
    assert.deepEqual(decide('submit', at('draft'), 3, 'two-person'), { kind: 'go', to: 'pending_approval' });
    assert.deepEqual(decide('submit', at('draft', '2026-12-01T07:00:00.000Z'), 3, 'two-person'), { kind: 'go', to: 'pending_approval' });
    assert.deepEqual(decide('approve', at('pending_approval'), 3, 'two-person'), { kind: 'go', to: 'published' });
  });

  it('a request the announcement has already moved past is answered with its state, not refused', () => {
    // A redelivered or overtaken card: the version moved on since the actor saw it.
    for (const action of ['submit', 'approve', 'reject', 'unschedule'] as const) {
      assert.deepEqual(decide(action, at('published'), 2, 'single'), { kind: 'repeat' }, action);
      assert.deepEqual(decide(action, at('published'), 3, 'single'), { kind: 'refuse' }, `${action} at the seen version is refused`);
    }
    assert.deepEqual(decide('retract', at('retracted'), 1, 'single'), { kind: 'repeat' });
    assert.deepEqual(decide('retract', at('draft'), 1, 'single'), { kind: 'refuse' });
    assert.deepEqual(decide('revise', at('retracted'), 1, 'single'), { kind: 'refuse' });
  });

  it('only approvers approve or reject; only the scheduler publishes at the scheduled time', () => {
    const permissions = Object.fromEntries(ACTIONS.map((action) => [action, TRANSITIONS[action].permission]));
    assert.deepEqual(permissions, {
      edit: 'announce',
      delete: 'announce',
      submit: 'announce',
      approve: 'approve-announcement',
      reject: 'approve-announcement',
      unschedule: 'announce',
      publish: 'scheduler',
      revise: 'announce',
      retract: 'announce',
      resend: 'announce',
      'retry-retraction': 'announce',
    });
  });

  it('lists what can be done in each state', () => {
    assert.deepEqual(allowedActions('deleted'), []);
    assert.deepEqual(allowedActions('retracted'), ['retry-retraction']);
    assert.deepEqual(allowedActions('scheduled').sort(), ['edit', 'publish', 'unschedule']);
  });
});

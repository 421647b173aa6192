import assert from 'node:assert/strict';
import { SparseCounter } from '../../../bot/features/guidance/sparse-counter.js';

const listed = (counter: SparseCounter) => [...counter.ids.subarray(0, counter.size)];

describe('guidance sparse counter (shared by the fuzzy vocabulary and the n-gram index)', () => {
  it('counts per id and lists each id once, in first-counted order', () => {
    const counter = new SparseCounter();
    counter.begin(10);
    for (const id of [7, 2, 7, 9, 2, 7]) counter.add(id);
    assert.deepEqual(listed(counter), [7, 2, 9]);
    assert.deepEqual(
      [7, 2, 9].map((id) => counter.count(id)),
      [3, 2, 1],
    );
  });

  it('starts every pass from nothing, without the last pass’s counts', () => {
    const counter = new SparseCounter();
    counter.begin(10);
    counter.add(3);
    counter.add(3);
    counter.begin(10);
    counter.add(3);
    assert.deepEqual(listed(counter), [3]);
    assert.equal(counter.count(3), 1);
  });

  it('grows its list past the first 64 ids and its counts to a larger capacity', () => {
    const counter = new SparseCounter();
    counter.begin(10);
    counter.add(4);
    counter.begin(1000);
    for (let id = 999; id >= 0; id -= 1) counter.add(id);
    assert.equal(counter.size, 1000);
    assert.equal(counter.ids[0], 999);
    assert.equal(counter.ids[999], 0);
    assert.equal(counter.count(4), 1, 'the earlier pass at a smaller capacity left nothing behind');
  });

  it('forgets old stamps before they wrap, so an id counted long ago never reads as current', () => {
    const counter = new SparseCounter();
    counter.begin(4);
    counter.add(1);
    // Reach the wrap point as four billion passes would.
    (counter as unknown as { stamp: number }).stamp = 0xffff_fff0;
    counter.begin(4); // forgets every stamp and starts over at 1: the stamp id 1 was counted under
    counter.add(2);
    assert.deepEqual(listed(counter), [2], 'id 1 is not taken as counted in this pass');
    counter.add(1);
    assert.equal(counter.count(1), 1);
  });
});

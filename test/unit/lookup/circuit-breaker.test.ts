import assert from 'node:assert/strict';
import { CircuitBreaker } from '../../../bot/features/lookup/circuit-breaker.js';

describe('lookup circuit breaker', () => {
  let now = 0;
  const make = () => new CircuitBreaker({ consecutiveFailures: 5, windowSize: 20, failureRate: 0.5, openMs: 30_000, now: () => now });
  beforeEach(() => {
    now = 1_000_000;
  });

  it('opens after 5 consecutive failures and rejects at once while open', () => {
    const breaker = make();
    for (let i = 0; i < 4; i++) {
      assert.equal(breaker.tryAcquire(), true);
      breaker.recordFailure();
    }
    assert.equal(breaker.current, 'closed');
    assert.equal(breaker.tryAcquire(), true);
    breaker.recordFailure();
    assert.equal(breaker.current, 'open');
    assert.equal(breaker.tryAcquire(), false);
    assert.equal(breaker.rejected, 1);
  });

  it('late failures of calls started before it opened do not extend the open period', () => {
    const breaker = make();
    for (let i = 0; i < 5; i++) breaker.recordFailure();
    assert.equal(breaker.current, 'open');
    now += 20_000;
    // Five calls that hung since before the breaker opened fail now.
    for (let i = 0; i < 5; i++) breaker.recordFailure();
    now += 10_000;
    assert.equal(breaker.current, 'half_open', 'still 30 s after opening, not after the late failures');
    assert.equal(breaker.tryAcquire(), true);
  });

  it('a success resets the consecutive count', () => {
    const breaker = make();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) breaker.recordFailure();
      breaker.recordSuccess();
    }
    assert.equal(breaker.current, 'closed');
  });

  it('opens on a 50 % failure rate over a full window of 20 even without 5 in a row', () => {
    const breaker = make();
    for (let i = 0; i < 19; i++) {
      if (i % 2 === 0) breaker.recordFailure();
      else breaker.recordSuccess();
      assert.equal(breaker.current, 'closed', `call ${i}`);
    }
    breaker.recordSuccess();
    assert.equal(breaker.current, 'closed'); // the rate is judged when a failure arrives
    breaker.recordFailure();
    assert.equal(breaker.current, 'open');
  });

  it('lets exactly one probe through after the cool-down; success closes, failure re-opens', () => {
    const breaker = make();
    for (let i = 0; i < 5; i++) breaker.recordFailure();
    now += 29_999;
    assert.equal(breaker.tryAcquire(), false);
    now += 1;
    assert.equal(breaker.current, 'half_open');
    assert.equal(breaker.tryAcquire(), true);
    assert.equal(breaker.tryAcquire(), false, 'only one probe at a time');
    breaker.recordFailure();
    assert.equal(breaker.current, 'open');
    now += 30_000;
    assert.equal(breaker.tryAcquire(), true);
    breaker.recordSuccess();
    assert.equal(breaker.current, 'closed');
    assert.equal(breaker.tryAcquire(), true);
  });

  it('release() frees the probe slot when a probe ends without a verdict', () => {
    const breaker = make();
    for (let i = 0; i < 5; i++) breaker.recordFailure();
    now += 30_000;
    assert.equal(breaker.tryAcquire(), true);
    breaker.release();
    assert.equal(breaker.tryAcquire(), true);
  });
});

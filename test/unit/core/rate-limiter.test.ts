import assert from 'node:assert/strict';
import { SlidingWindowRateLimiter } from '../../../bot/rate-limiter.js';

describe('lookup rate limiter (sliding window per user)', () => {
  it('allows `limit` look-ups per window, then refuses with the time until the oldest expires', () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(3, 600_000, () => now);
    assert.deepEqual(limiter.take('u1'), { allowed: true, remaining: 2, retryAfterSeconds: 0 });
    now = 10_000;
    limiter.take('u1');
    now = 20_000;
    limiter.take('u1');
    now = 30_000;
    const refused = limiter.take('u1');
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfterSeconds, 570);
    assert.equal(limiter.take('u2').allowed, true, 'other users are independent');
    now = 600_001;
    assert.equal(limiter.take('u1').allowed, true, 'the oldest look-up left the window');
    assert.equal(limiter.take('u1').allowed, false);
  });

  it('refused attempts do not extend the window', () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(1, 1_000, () => now);
    limiter.take('u');
    for (now = 100; now < 1_000; now += 100) assert.equal(limiter.take('u').allowed, false);
    now = 1_001;
    assert.equal(limiter.take('u').allowed, true);
  });

  it('bounds memory by evicting the least recently used users', () => {
    const limiter = new SlidingWindowRateLimiter(1, 60_000, () => 0, 10);
    for (let i = 0; i < 50; i++) limiter.take(`user-${i}`);
    assert.equal(limiter.take('user-49').allowed, false, 'recent user still tracked');
    assert.equal(limiter.take('user-0').allowed, true, 'oldest user was evicted');
  });
});

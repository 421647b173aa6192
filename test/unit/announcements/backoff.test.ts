import assert from 'node:assert/strict';
import { classify, retryDelayMs } from '../../../bot/features/announcements/backoff.js';
import { DeliveryError } from '../../../bot/features/types.js';
import { AppError } from '../../../bot/errors.js';

const networkError = (code: string) => Object.assign(new Error(`network ${code}`), { code });

describe('announcements backoff and failure classification', function () {
  it('429 with Retry-After: retry after exactly that long (plus a little jitter), counted, throttled', function () {
    const d = classify(new DeliveryError(429, 3), 'post');
    assert.equal(d.kind, 'retry');
    if (d.kind !== 'retry') return;
    assert.equal(d.retryAfterMs, 3000);
    assert.ok(d.throttled && d.counts && !d.ambiguous);
    const wait = retryDelayMs(1, d.retryAfterMs, () => 0.999);
    assert.ok(wait >= 3000 && wait < 3400, `waits at least Retry-After (${wait})`);
    assert.equal(
      retryDelayMs(1, d.retryAfterMs, () => 0),
      3000,
    );
  });

  it('429 without Retry-After and 412/502/504: exponential backoff with jitter', function () {
    for (const status of [429, 412, 500, 502, 504, 408]) {
      const d = classify(new DeliveryError(status), 'post');
      assert.equal(d.kind, 'retry', `HTTP ${status} is retried`);
      if (d.kind === 'retry') assert.equal(d.retryAfterMs, null);
    }
    const low = [1, 2, 3, 4, 5].map((n) => retryDelayMs(n, null, () => 0));
    const high = [1, 2, 3, 4, 5].map((n) => retryDelayMs(n, null, () => 0.9999));
    assert.deepEqual(low, [500, 1000, 2000, 4000, 8000]);
    assert.deepEqual(
      high.map((h) => Math.round(h / 100) * 100),
      [1000, 2000, 4000, 8000, 16000],
    );
    assert.ok(retryDelayMs(20, null, () => 0.9999) <= 60_000, 'capped at 60 s');
  });

  it('5xx is ambiguous for a post (it may have been stored), not for 412 or 429', function () {
    const five = classify(new DeliveryError(502), 'post');
    const pre = classify(new DeliveryError(412), 'post');
    assert.ok(five.kind === 'retry' && five.ambiguous);
    assert.ok(pre.kind === 'retry' && !pre.ambiguous);
  });

  it('503 waits without spending an attempt', function () {
    const d = classify(new DeliveryError(503, 2), 'post');
    assert.ok(d.kind === 'retry' && !d.counts && d.retryAfterMs === 2000);
  });

  it('403 and 404 are permanent and retire the conversation for posts', function () {
    const blocked = classify(new DeliveryError(403, null, 'MessageWritesBlocked'), 'post');
    assert.deepEqual(blocked, { kind: 'permanent', status: 403, reason: 'http-403:MessageWritesBlocked', deactivate: true });
    const gone = classify(new DeliveryError(404), 'reply');
    assert.ok(gone.kind === 'permanent' && gone.deactivate);
    const updateGone = classify(new DeliveryError(404), 'update');
    assert.ok(updateGone.kind === 'permanent' && !updateGone.deactivate);
  });

  it('deleting a message that is already gone counts as done', function () {
    assert.equal(classify(new DeliveryError(404), 'delete').kind, 'done');
  });

  it('413 and other client errors are permanent without retiring the conversation', function () {
    for (const status of [400, 413]) {
      const d = classify(new DeliveryError(status), 'post');
      assert.ok(d.kind === 'permanent' && !d.deactivate);
    }
  });

  it('a refused connection is an outage (not counted); a reset is an ambiguous retry', function () {
    assert.equal(classify(networkError('ECONNREFUSED'), 'post').kind, 'outage');
    assert.equal(classify(Object.assign(new Error('wrapped'), { cause: networkError('ENOTFOUND') }), 'post').kind, 'outage');
    const reset = classify(networkError('ECONNRESET'), 'post');
    assert.ok(reset.kind === 'retry' && reset.ambiguous && reset.counts);
    const timeout = classify(new Error('aborted'), 'post');
    assert.ok(timeout.kind === 'retry' && timeout.ambiguous);
  });

  it('an unknown or disallowed stored conversation is a permanent failure', function () {
    assert.deepEqual(classify(new AppError('NOT_FOUND'), 'post'), {
      kind: 'permanent',
      status: null,
      reason: 'unknown-conversation',
      deactivate: false,
    });
    assert.equal(classify(new AppError('FORBIDDEN'), 'post').kind, 'permanent');
  });
});

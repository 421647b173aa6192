/** Issue 14 §3: the outbox's backoff and the ONR transport read a network failure's code with one function. */
import assert from 'node:assert/strict';
import { networkErrorCode } from '../../../bot/errors.js';
import { classify } from '../../../bot/features/announcements/backoff.js';
import { classifyTransportFailure } from '../../../bot/features/lookup/onr-http.js';

describe('networkErrorCode (issue 14 §3)', () => {
  it('finds the code on the error or up to three causes down, and nothing deeper or non-string', () => {
    const wrapped = (code: unknown, depth: number): unknown =>
      depth === 0 ? { code } : new Error('wrapped', { cause: wrapped(code, depth - 1) });
    assert.equal(networkErrorCode(wrapped('ECONNREFUSED', 0)), 'ECONNREFUSED');
    assert.equal(networkErrorCode(wrapped('UND_ERR_CONNECT_TIMEOUT', 3)), 'UND_ERR_CONNECT_TIMEOUT');
    assert.equal(networkErrorCode(wrapped('ECONNRESET', 4)), undefined);
    assert.equal(networkErrorCode(wrapped(42, 0)), undefined);
    assert.equal(networkErrorCode(null), undefined);
    assert.equal(networkErrorCode('ECONNREFUSED'), undefined);
  });

  it('the outbox and the ONR transport classify the same wrapped failure by the same code', () => {
    const failure = new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
    assert.deepEqual(classify(failure, 'post'), { kind: 'outage', reason: 'network-ENOTFOUND' });
    const transport = classifyTransportFailure(failure, false);
    assert.equal(transport.kind, 'unavailable');
    assert.equal(transport.phase, 'connect');
  });
});

import assert from 'node:assert/strict';
import {
  Pacer,
  SlidingWindows,
  TEAMS_CONVERSATION_LIMITS,
  appWindow,
  minimumDurationMs,
  type WindowLimit,
} from '../../../bot/features/announcements/pacer.js';

/** Every window of every limit holds at most `limit` calls (checked on the produced schedule). */
function assertWithin(times: number[], limits: readonly WindowLimit[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  for (const { limit, windowMs } of limits) {
    let start = 0;
    for (let end = 0; end < sorted.length; end++) {
      while (sorted[end]! - sorted[start]! >= windowMs) start++;
      assert.ok(end - start + 1 <= limit, `more than ${limit} calls within ${windowMs} ms`);
    }
  }
}

/** Drives a pacer with a fake clock: always start the next call at the earliest allowed time. */
function schedule(pacer: Pacer, keys: string[]): Array<{ key: string; at: number }> {
  const out: Array<{ key: string; at: number }> = [];
  let now = 0;
  for (const key of keys) {
    now = pacer.readyAt(key, now);
    pacer.record(key, now);
    out.push({ key, at: now });
  }
  return out;
}

describe('announcements pacer', function () {
  it('turns an app rate into a sliding window', function () {
    assert.deepEqual(appWindow(30), { limit: 30, windowMs: 1000 });
    assert.deepEqual(appWindow(0.5), { limit: 1, windowMs: 2000 });
    assert.deepEqual(appWindow(7.5), { limit: 7, windowMs: 933 });
  });

  it('keeps one conversation within 7/1 s, 8/2 s, 60/30 s and 1800/h', function () {
    const pacer = new Pacer({ appRps: 1000, marginMs: 0, smooth: false });
    const calls = schedule(
      pacer,
      Array.from({ length: 150 }, () => 'chat'),
    );
    assertWithin(
      calls.map((c) => c.at),
      TEAMS_CONVERSATION_LIMITS,
    );
    // 7 at once, the 8th one second later, then 8 per 2 s until 60 in 30 s, then the 30 s window rules.
    assert.equal(calls[6]!.at, 0);
    assert.equal(calls[7]!.at, 1000);
    assert.equal(calls[8]!.at, 2000);
    assert.ok(calls[60]!.at >= 30_000, 'the 61st call waits for the 30 s window');
  });

  it('holds the app-wide rate over many conversations, spreading calls evenly', function () {
    const pacer = new Pacer({ appRps: 30, marginMs: 0 });
    const calls = schedule(
      pacer,
      Array.from({ length: 300 }, (_, i) => `c${i}`),
    );
    assertWithin(
      calls.map((c) => c.at),
      [{ limit: 30, windowMs: 1000 }],
    );
    assert.equal(calls[1]!.at, 34, 'one call every 1/30 s (whole ms), not a burst of 30');
    assert.ok(calls[299]!.at >= 9967 && calls[299]!.at <= 10_200, `the last starts near 10 s (${calls[299]!.at})`);
    const bursty = schedule(
      new Pacer({ appRps: 30, marginMs: 0, smooth: false }),
      Array.from({ length: 300 }, (_, i) => `c${i}`),
    );
    assert.equal(bursty[29]!.at, 0, 'unsmoothed: the whole second goes at once');
    assert.equal(bursty[299]!.at, 9000);
  });

  it('adds its margin to every window so arrival jitter stays inside the service limit', function () {
    const pacer = new Pacer({ appRps: 30, marginMs: 50 });
    const calls = schedule(
      pacer,
      Array.from({ length: 31 }, (_, i) => `c${i}`),
    );
    assert.equal(calls[30]!.at, 1050);
  });

  it('honours a per-conversation pause (Retry-After) and a global pause', function () {
    const pacer = new Pacer({ appRps: 30, marginMs: 0 });
    pacer.pauseKey('a', 5000, 0);
    assert.equal(pacer.readyAt('a', 0), 5000);
    assert.equal(pacer.readyAt('b', 0), 0);
    pacer.pauseAll(2000);
    assert.equal(pacer.readyAt('b', 0), 2000);
    assert.equal(pacer.readyAt('a', 0), 5000);
  });

  it('seeds a conversation with sends another process made', function () {
    const pacer = new Pacer({ appRps: 100, marginMs: 0 });
    pacer.seed('a', [0, 10, 20, 30, 40, 50, 60], 100);
    assert.equal(pacer.readyAt('a', 100), 1000, 'seven recent sends: the eighth waits for the 1 s window');
  });

  it('lowers the app rate when it is shared between workers', function () {
    const pacer = new Pacer({ appRps: 30, marginMs: 0 });
    pacer.setAppRate(10);
    const calls = schedule(
      pacer,
      Array.from({ length: 21 }, (_, i) => `c${i}`),
    );
    assert.equal(calls[20]!.at, 2000);
  });

  it('forgets idle conversations', function () {
    const pacer = new Pacer({ appRps: 30, idleForgetMs: 1000 });
    pacer.record('a', 0);
    pacer.forgetIdle(5000);
    assert.equal(pacer.trackedConversations, 0);
  });

  it('computes the minimum duration the limits allow', function () {
    assert.equal(
      minimumDurationMs(
        Array.from({ length: 1000 }, (_, i) => `c${i}`),
        { appRps: 30 },
      ),
      33_000,
    );
    // 20 calls into one conversation: 7 at 0 s, 1 at 1 s, 7 at 2 s, 1 at 3 s, 4 from 4 s.
    assert.equal(
      minimumDurationMs(
        Array.from({ length: 20 }, () => 'x'),
        { appRps: 30 },
      ),
      4000,
    );
    const floor = minimumDurationMs(
      Array.from({ length: 1000 }, (_, i) => `c${i}`),
      { appRps: 30, marginMs: 50, smooth: true },
    );
    assert.ok(floor > 34_000 && floor < 36_000, `our pacing's own floor is about 35 s (${floor})`);
  });

  it('SlidingWindows prunes entries older than the longest window', function () {
    const windows = new SlidingWindows([{ limit: 2, windowMs: 1000 }], 0);
    windows.record(0);
    windows.record(10);
    assert.equal(windows.earliest(20), 1000);
    assert.equal(windows.earliest(5000), 5000);
    assert.equal(windows.size(), 0);
  });
});

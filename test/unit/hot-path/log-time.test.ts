/**
 * Issue 16 round 7, item 3: the log line's time is written from the current second's text plus the
 * milliseconds, instead of a Date and its toISOString per line (~0.5 µs of the line's own ~7 µs). It
 * must be exactly pino's `isoTime` for every instant.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger, isoTimeCachedPerSecond } from '../../../bot/log.js';

const isoTime = (ms: number) => `,"time":"${new Date(ms).toISOString()}"`;

describe('the log time, kept per second (issue 16 round 7, item 3)', () => {
  it("is pino's isoTime for every millisecond of a second, across second, minute, day and year ends, and when the clock steps back", () => {
    let clock = 0;
    const time = isoTimeCachedPerSecond(() => clock);
    const instants: number[] = [];
    for (const start of [
      0,
      Date.UTC(2026, 11, 6, 4, 59, 59, 0),
      Date.UTC(2026, 11, 31, 23, 59, 59, 0),
      Date.UTC(2028, 1, 28, 23, 59, 59, 0),
    ])
      for (let ms = 0; ms < 2000; ms += 1) instants.push(start + ms);
    // Back in time (a clock adjustment), then forward again within the same second.
    instants.push(Date.UTC(2026, 0, 1, 0, 0, 0, 500), Date.UTC(2025, 11, 31, 23, 59, 59, 999), Date.UTC(2026, 0, 1, 0, 0, 0, 1));
    for (const instant of instants) {
      clock = instant;
      assert.equal(time(), isoTime(instant), String(instant));
    }
    assert.equal(pino.stdTimeFunctions.isoTime().length, time().length);
  });

  it('builds the date text once per second, not on every line', () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    const original = Date.prototype.toISOString;
    let calls = 0;
    Date.prototype.toISOString = function (this: Date) {
      calls += 1;
      return original.call(this);
    };
    try {
      for (let i = 0; i < 50; i += 1) logger.info({ n: i }, 'guidance question answered');
    } finally {
      Date.prototype.toISOString = original;
    }
    assert.equal(lines.length, 50);
    // 50 lines take far less than a second here; at most one second boundary falls inside them.
    assert.ok(calls <= 2, `${calls} ISO conversions for 50 lines`);
    for (const line of lines) assert.match(JSON.parse(line).time as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

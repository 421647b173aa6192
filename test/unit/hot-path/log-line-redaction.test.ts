/**
 * Issue 16 round 7, item 3: the logger's redaction hook was made cheaper (keys' sensitivity kept per
 * name, primitives returned at once, the arguments redacted in place). Every line must come out exactly
 * as before: these pin the whole JSON line (all but its time) of the question turn's
 * "guidance question answered" line and of lines that carry a test henkilötunnus in every place a
 * payload can hold one. The expected lines were produced by the hook before the change.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../bot/log.js';
import { hetuCheckChar } from '../../../bot/features/lookup/identifiers.js';

/** A test-range henkilötunnus (individual number 990), built here with its check character. */
const DATE = '010190';
const INDIVIDUAL = '990';
const HETU = `${DATE}-${INDIVIDUAL}${hetuCheckChar(DATE, INDIVIDUAL)}`;

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  /** The line without its time (the only field that differs per run). */
  const last = (): Record<string, unknown> => {
    const { time, ...rest } = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    assert.match(String(time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    return rest;
  };
  return { logger, last, raw: () => lines.at(-1)! };
}

describe('the log line after redaction is exactly what it was (issue 16 round 7, item 3)', () => {
  it('the check character makes a code the masker recognises', () => {
    assert.match(HETU, /^010190-990[0-9A-Y]$/);
  });

  it('"guidance question answered" for a question that held a henkilötunnus', () => {
    const { logger, last, raw } = capture();
    logger.info(
      { band: 'answer', lang: 'fi', articleId: 'oppijanumero-luonti', confidence: 0.93, masked: true },
      'guidance question answered',
    );
    assert.deepEqual(last(), {
      level: 30,
      app: 'oppijanumero-teams',
      band: 'answer',
      lang: 'fi',
      articleId: 'oppijanumero-luonti',
      confidence: 0.93,
      masked: true,
      msg: 'guidance question answered',
    });
    assert.deepEqual(Object.keys(JSON.parse(raw())), ['level', 'time', 'app', 'band', 'lang', 'articleId', 'confidence', 'masked', 'msg']);
    logger.info({ band: 'unknown', lang: 'sv', articleId: null, confidence: null, masked: false }, 'guidance question answered');
    assert.deepEqual(last(), {
      level: 30,
      app: 'oppijanumero-teams',
      band: 'unknown',
      lang: 'sv',
      articleId: null,
      confidence: null,
      masked: false,
      msg: 'guidance question answered',
    });
  });

  it('a henkilötunnus in the message, a field, a nested object, an array, a secret key and an error is masked as before', () => {
    const { logger, last, raw } = capture();
    const error = new Error(`lookup failed for ${HETU}`);
    error.stack = `Error: lookup failed for ${HETU}\n    at test (file.ts:1:1)`;
    logger.warn(
      {
        question: `Mikä on ${HETU} oppijanumero?`,
        nested: { text: `hetu ${HETU}`, count: 3, ok: true, nothing: null },
        list: [HETU, 7, { hetu: HETU }],
        token: 'abc',
        Authorization: `Bearer ${'x'.repeat(20)}`,
        err: error,
      },
      `kysymys ${HETU} tuli`,
    );
    assert.ok(!raw().includes(HETU), 'the code itself is nowhere in the line');
    assert.deepEqual(last(), {
      level: 40,
      app: 'oppijanumero-teams',
      question: 'Mikä on [henkilötunnus] oppijanumero?',
      nested: { text: 'hetu [henkilötunnus]', count: 3, ok: true, nothing: null },
      list: ['[henkilötunnus]', 7, { hetu: '[redacted]' }],
      token: '[redacted]',
      Authorization: '[redacted]',
      // The error keeps its own type name (pino's serializer used to call the redacted copy "Object").
      err: {
        type: 'Error',
        message: 'lookup failed for [henkilötunnus]',
        stack: 'Error: lookup failed for [henkilötunnus]\n    at test (file.ts:1:1)',
      },
      msg: 'kysymys [henkilötunnus] tuli',
    });
  });

  it('an error under `err` keeps its type, code and cause, each redacted', () => {
    const { logger, last } = capture();
    const cause = Object.assign(new Error(`connect refused for ${HETU}`), { code: 'ECONNREFUSED' });
    cause.stack = undefined;
    const error = Object.assign(new TypeError('fetch failed', { cause }), { code: 'E_FETCH' });
    error.stack = undefined;
    logger.error({ err: error }, 'connector call failed');
    assert.deepEqual(last(), {
      level: 50,
      app: 'oppijanumero-teams',
      err: {
        type: 'TypeError',
        message: 'fetch failed',
        code: 'E_FETCH',
        cause: { type: 'Error', message: 'connect refused for [henkilötunnus]', code: 'ECONNREFUSED' },
      },
      msg: 'connector call failed',
    });
  });

  it('a format string and its arguments are each redacted', () => {
    const { logger, last } = capture();
    logger.info('asked %s about %d', `hetu ${HETU}`, 2);
    assert.deepEqual(last(), { level: 30, app: 'oppijanumero-teams', msg: 'asked hetu [henkilötunnus] about 2' });
  });

  it("a payload key's sensitivity is worked out once per name, not on every line", () => {
    const { logger } = capture();
    const record = { band: 'answer', lang: 'fi', articleIdOfRound7: 'x', confidence: 0.5, masked: false };
    logger.info(record, 'guidance question answered');
    const original = RegExp.prototype.test;
    let keyTests = 0;
    RegExp.prototype.test = function (this: RegExp, text: string) {
      if (this.source.includes('authorization')) keyTests += 1;
      return original.call(this, text);
    };
    try {
      logger.info(record, 'guidance question answered');
      logger.info({ ...record, anotherKeyOfRound7: 1 }, 'guidance question answered');
    } finally {
      RegExp.prototype.test = original;
    }
    assert.equal(keyTests, 1, 'only the new key is tested against the pattern');
  });
});

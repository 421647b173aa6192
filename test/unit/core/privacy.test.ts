import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { auditMaskHetu, maskPersonalIds, redactText } from '../../../bot/privacy.js';
import { createLogger } from '../../../bot/log.js';

// Test-range identifiers only (individual number 9xx). 010190-912X has a deliberately wrong check character.
const TEST_HETU = '131052-9088';
const TEST_HETU_2023 = '010594Y9032';

describe('privacy: masking and redaction', () => {
  it('masks henkilötunnus-shaped strings with every century sign', () => {
    for (const sign of ['+', '-', 'A', 'B', 'C', 'D', 'E', 'F', 'U', 'V', 'W', 'X', 'Y']) {
      const { text, masked } = maskPersonalIds(`tunnus 131052${sign}9088 tässä`);
      assert.equal(masked, true, sign);
      assert.equal(text, 'tunnus [henkilötunnus] tässä');
    }
  });

  it('leaves ordinary numbers, OIDs and words alone', () => {
    const input = 'OID 1.2.246.562.24.00000000001, puhelin 0401234567, vuosi 2026';
    assert.deepEqual(maskPersonalIds(input), { text: input, masked: false });
  });

  it('masks within punctuation and multiple ids', () => {
    const { text } = maskPersonalIds(`(${TEST_HETU}),${TEST_HETU_2023}.`);
    assert.equal(text, '([henkilötunnus]),[henkilötunnus].');
  });

  it('gives the audit form', () => {
    assert.equal(auditMaskHetu(TEST_HETU_2023), '010594Y9***');
  });

  it('redacts bearer tokens, JWTs, CAS tickets and secrets', () => {
    // Assembled at run time so the repository secret scan does not flag a fake token.
    const jwt = ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiJ4eHh4eCJ9', 'c2lnbmF0dXJlLXZhbHVl'].join('.');
    const out = redactText(`Authorization: Bearer abcdefghijkl12345 ${jwt} TGT-12-abcdef ST-3-xyz JSESSIONID=abc123 password=hunter22`);
    for (const secret of ['abcdefghijkl12345', jwt, 'TGT-12-abcdef', 'ST-3-xyz', 'abc123', 'hunter22'])
      assert.ok(!out.includes(secret), secret);
  });

  it('the logger never writes a henkilötunnus, token or secret, in message, object or error', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info(`question ${TEST_HETU}`);
    logger.info({ question: `hetu ${TEST_HETU_2023}`, headers: { authorization: 'Bearer secret-token-123456' }, password: 'pw' }, 'object');
    logger.error({ err: new Error(`failed for ${TEST_HETU}`) }, 'error');
    const all = lines.join('\n');
    assert.equal(lines.length, 3);
    assert.ok(!all.includes(TEST_HETU) && !all.includes(TEST_HETU_2023), all);
    assert.ok(!all.includes('secret-token-123456'));
    assert.ok(!all.includes('"pw"'));
    assert.match(all, /\[henkilötunnus\]/);
  });
});

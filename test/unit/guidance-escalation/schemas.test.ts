import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../bot/errors.js';
import {
  askOphData,
  parseCardData,
  ticketActionData,
  ticketAnswerData,
  voteData,
} from '../../../bot/features/guidance/escalation/schemas.js';

const isValidation = (e: unknown) => e instanceof AppError && e.code === 'VALIDATION';

describe('escalation card data validation', () => {
  it('strips unknown keys, including forged identities and prototype keys', () => {
    const raw = JSON.parse(
      '{"vote":"up","articleId":"mika-on-oppijanumero","band":"suggest","question":"q","objectId":"victim","tenantId":"t","__proto__":{"x":1},"verb":"guidance.vote"}',
    ) as Record<string, unknown>;
    const data = parseCardData(voteData, raw);
    assert.deepEqual(Object.keys(data).sort(), ['articleId', 'band', 'question', 'vote']);
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
  });

  it('accepts slugs as article ids and refuses anything path- or script-like', () => {
    for (const id of ['yksilointi', 'mika-on-oppijanumero', 'onr_rajapinnat', 'a1']) {
      assert.equal(parseCardData(askOphData, { question: 'q', articleId: id }).articleId, id);
    }
    for (const id of ['../x', 'a b', '<script>', '-leading', '', 'x'.repeat(101), 7]) {
      assert.throws(() => parseCardData(askOphData, { question: 'q', articleId: id }), isValidation);
    }
  });

  it('bounds the question and insists on the enums', () => {
    assert.throws(() => parseCardData(voteData, { vote: 'up', articleId: 'a', band: 'answer', question: 'x'.repeat(5001) }), isValidation);
    assert.doesNotThrow(() => parseCardData(voteData, { vote: 'up', articleId: 'a', band: 'answer', question: 'x'.repeat(5000) }));
    assert.throws(() => parseCardData(voteData, { vote: 'meh', articleId: 'a', band: 'answer', question: 'q' }), isValidation);
    assert.throws(() => parseCardData(voteData, { vote: 'up', articleId: 'a', band: 'confident', question: 'q' }), isValidation);
  });

  it('needs a uuid ticket id and an integer version; reads the KB toggle from strings or booleans', () => {
    const ticketId = randomUUID();
    assert.deepEqual(parseCardData(ticketActionData, { ticketId, version: 3, state: 'closed' }), { ticketId, version: 3 });
    assert.throws(() => parseCardData(ticketActionData, { ticketId, version: '3' }), isValidation);
    assert.throws(() => parseCardData(ticketActionData, { ticketId, version: 0 }), isValidation);
    assert.throws(() => parseCardData(ticketActionData, { ticketId: 'KY-2026-0001', version: 1 }), isValidation);
    assert.equal(parseCardData(ticketAnswerData, { ticketId, version: 1, answer: 'a', addToKb: 'true' }).addToKb, true);
    assert.equal(parseCardData(ticketAnswerData, { ticketId, version: 1, answer: 'a', addToKb: true }).addToKb, true);
    assert.equal(parseCardData(ticketAnswerData, { ticketId, version: 1, answer: 'a', addToKb: 'false' }).addToKb, false);
    assert.equal(parseCardData(ticketAnswerData, { ticketId, version: 1, answer: 'a' }).addToKb, false);
    assert.throws(() => parseCardData(ticketAnswerData, { ticketId, version: 1, answer: 'a', addToKb: 'yes' }), isValidation);
    assert.throws(() => parseCardData(ticketAnswerData, { ticketId, version: 1, answer: 'x'.repeat(4001) }), isValidation);
  });

  it('never puts the submitted values into the error detail', () => {
    try {
      parseCardData(voteData, { vote: 'SECRET-VALUE', articleId: 'a', band: 'answer', question: 'q' });
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof AppError);
      assert.doesNotMatch(error.message, /SECRET-VALUE/);
      assert.match(error.message, /vote/);
    }
  });
});

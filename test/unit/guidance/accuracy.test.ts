/**
 * Accuracy floors on the real knowledge base (kb/) with the labelled question files, so a content or
 * analyzer change cannot quietly degrade answers. Timings are not asserted here (see bench/qa.ts).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/engine.js';
import {
  answerRecord,
  evaluate,
  formatReport,
  labelledQuestionSchema,
  parseJsonl,
  type AnswerRecord,
  type LabelledQuestion,
} from '../../../bot/features/guidance/evaluation.js';

const FLOORS = { hit1: 0.9, hit3: 0.97, mention: 0.9 };

describe('guidance accuracy on the real KB', function () {
  this.timeout(60_000);
  let engine: GuidanceEngine;

  before(async () => {
    engine = await createGuidanceEngine({ kbDir: path.resolve('kb') });
  });
  after(() => engine.close());

  for (const file of ['test/fixtures/qa/dev.jsonl', 'test/fixtures/qa/extra.jsonl']) {
    it(`meets the floors on ${path.basename(file)}`, async () => {
      const questions: LabelledQuestion[] = parseJsonl(await readFile(file, 'utf8'), labelledQuestionSchema, file);
      const records = new Map<string, AnswerRecord>();
      for (const q of questions) records.set(q.id, answerRecord(q.id, engine.ask(q.question, { lang: q.lang })));
      const { overall } = evaluate(questions, records);
      const report = formatReport({ overall, byLang: {} }, file);

      assert.ok(overall.inScope >= 30 && overall.outOfScope >= 5, 'the file has enough questions to mean something');
      assert.equal(overall.oosAnswered.length, 0, `out-of-scope questions got a confident answer: ${overall.oosAnswered.join(', ')}`);
      assert.ok(overall.hit1 / overall.inScope >= FLOORS.hit1, `hit@1 below ${FLOORS.hit1}\n${report}`);
      assert.ok(overall.hit3 / overall.inScope >= FLOORS.hit3, `hit@3 below ${FLOORS.hit3}\n${report}`);
      assert.ok(overall.mentionFound / overall.mentionTotal >= FLOORS.mention, `must_mention coverage below ${FLOORS.mention}\n${report}`);
    });
  }

  it('answers each question in the language it was asked in', async () => {
    const questions = [
      ...parseJsonl(await readFile('test/fixtures/qa/dev.jsonl', 'utf8'), labelledQuestionSchema),
      ...parseJsonl(await readFile('test/fixtures/qa/extra.jsonl', 'utf8'), labelledQuestionSchema),
    ];
    for (const q of questions.filter((x) => x.kind === 'in_scope')) {
      const answer = engine.ask(q.question);
      assert.equal(answer.lang, q.lang, `${q.id}: detected ${answer.lang}`);
      if (answer.top) assert.equal(answer.top.article.lang, q.lang, q.id);
    }
  });
});

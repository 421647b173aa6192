/**
 * Fits the answer/suggest/unknown decision model on the question bank's cross-validation folds and
 * writes it to kb/decision-model.json (npm run fit:qa). The frozen fold is never read.
 *   tsx scripts/fit-decision.ts [--bank test/fixtures/qa] [--kb ./kb] [--max-wrong 0.02] [--max-oos 0.05] [--dry-run]
 *
 * 1. Both stages (re-ranker, decision) are fitted per fold on the other folds (decision-fit.ts).
 * 2. The answer threshold: each fold's probabilities come from a model fitted on the other folds; the
 *    threshold kept is the one answering most questions right while confident wrong answers (over
 *    in-scope questions) stay at or under --max-wrong and answered out-of-scope ones under --max-oos.
 * 3. The shipped weights (both stages) are fitted on all training folds.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createGuidanceEngine, type GuidanceAnswer } from '../bot/features/guidance/engine.js';
import { DECISION_MODEL_FILE } from '../bot/features/guidance/decision.js';
import { crossValidate, fitModel, sampleOf, type AskWith } from '../bot/features/guidance/decision-fit.js';
import { CV_FOLDS, DEFAULT_BANK_DIR, foldOf, loadQuestionBank } from '../bot/features/guidance/question-bank.js';

const print = (line: string) => process.stdout.write(`${line}\n`);
const { values } = parseArgs({
  options: {
    bank: { type: 'string', default: DEFAULT_BANK_DIR },
    kb: { type: 'string', default: './kb' },
    'max-wrong': { type: 'string', default: '0.02' },
    'max-oos': { type: 'string', default: '0.05' },
    'suggest-above': { type: 'string', default: '0.2' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const maxWrong = Number(values['max-wrong']);
const maxOos = Number(values['max-oos']);
const suggestAbove = Number(values['suggest-above']);

const bank = await loadQuestionBank(values.bank);
const training = bank.questions.filter((q) => foldOf(q.id) !== 'frozen');
const askWith: AskWith = async (model, questions) => {
  const engine = await createGuidanceEngine({ kbDir: values.kb, decisionModel: model });
  const answers = new Map<string, GuidanceAnswer>();
  for (const q of questions) answers.set(q.id, engine.ask(q.question, { lang: q.lang }));
  engine.close();
  return answers;
};

// Out-of-fold probabilities (the threshold only changes the bands, not the probabilities).
const outOfFold = await crossValidate(training, askWith, CV_FOLDS, { answerAbove: 1, suggestAbove: 1 });
const rows = training.map((q) => {
  const answer = outOfFold.get(q.id) as GuidanceAnswer;
  const sample = sampleOf(q, answer);
  return { p: answer.confidence ?? 0, right: sample?.right ?? 0, inScope: q.kind === 'in_scope' };
});
const inScope = rows.filter((r) => r.inScope).length;
const outOfScope = rows.length - inScope;
print(`cross-validated: right article first ${(rows.filter((r) => r.right === 1).length / inScope).toFixed(3)}`);
let best = { threshold: 0.99, right: -1, wrong: 0, oos: 0 };
print('threshold  answered-right  wrong  oos-answered');
for (let t = 0.3; t <= 0.951; t += 0.01) {
  const answered = rows.filter((r) => r.p >= t);
  const right = answered.filter((r) => r.right === 1).length;
  const wrong = answered.filter((r) => r.right === 0 && r.inScope).length;
  const oos = answered.filter((r) => !r.inScope).length;
  print(`${t.toFixed(3)}      ${(right / inScope).toFixed(3)}          ${(wrong / inScope).toFixed(3)}  ${(oos / outOfScope).toFixed(3)}`);
  // Precision first: the most right answers while wrong ones (over in-scope questions, as eval:qa counts
  // them) stay at or under --max-wrong and out-of-scope answers under --max-oos.
  if (wrong / inScope <= maxWrong && oos / outOfScope <= maxOos && right > best.right)
    best = { threshold: Math.round(t * 1000) / 1000, right, wrong, oos };
}
print(
  `chosen answer threshold ${best.threshold} (cross-validated: right ${(best.right / inScope).toFixed(3)}, wrong ${(best.wrong / inScope).toFixed(3)}, oos answered ${(best.oos / outOfScope).toFixed(3)})`,
);

const model = {
  ...(await fitModel(training, askWith, { answerAbove: best.threshold, suggestAbove })),
  fittedOn: `${training.length} training questions of ${bank.questions.length} (frozen fold excluded), ${CV_FOLDS}-fold CV threshold, max wrong ${maxWrong}, max oos ${maxOos}`,
};
const file = path.join(values.kb, DECISION_MODEL_FILE);
if (values['dry-run']) print(JSON.stringify(model, null, 2));
else {
  await writeFile(file, `${JSON.stringify(model, null, 2)}\n`);
  print(`wrote ${file}`);
}

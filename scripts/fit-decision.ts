/**
 * Fits the answer/suggest/unknown decision model on the question bank's cross-validation folds and
 * writes it to kb/decision-model.json (npm run fit:qa). The frozen fold is never read.
 *   tsx scripts/fit-decision.ts [--bank test/fixtures/qa] [--kb ./kb] [--max-wrong 0.02] [--max-oos 0.05]
 *                               [--repeats 5] [--dry-run]
 *
 * 1. Both stages (re-ranker, decision) are fitted per fold on the other folds (decision-fit.ts).
 * 2. The answer threshold: each fold's probabilities come from a model fitted on the other folds, over
 *    --repeats different deals of the questions into folds (repeated cross-validation, pooled); the
 *    threshold kept is the one answering most questions right while confident wrong answers (over
 *    in-scope questions) stay at or under --max-wrong and answered out-of-scope ones under --max-oos.
 * 3. The shipped weights (both stages) are fitted on all training folds.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createGuidanceEngine, type GuidanceAnswer } from '../bot/features/guidance/engine.js';
import { DECISION_MODEL_FILE } from '../bot/features/guidance/decision.js';
import {
  chooseAnswerThreshold,
  crossValidate,
  fitModel,
  sampleOf,
  type AskWith,
  type ThresholdRow,
} from '../bot/features/guidance/decision-fit.js';
import { CV_FOLDS, DEFAULT_BANK_DIR, foldOf, loadQuestionBank } from '../bot/features/guidance/question-bank.js';

const print = (line: string) => process.stdout.write(`${line}\n`);
const { values } = parseArgs({
  options: {
    bank: { type: 'string', default: DEFAULT_BANK_DIR },
    kb: { type: 'string', default: './kb' },
    'max-wrong': { type: 'string', default: '0.02' },
    'max-oos': { type: 'string', default: '0.05' },
    'suggest-above': { type: 'string', default: '0.2' },
    repeats: { type: 'string', default: '5' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const maxWrong = Number(values['max-wrong']);
const maxOos = Number(values['max-oos']);
const suggestAbove = Number(values['suggest-above']);
const repeats = Math.max(1, Math.trunc(Number(values.repeats)));

const bank = await loadQuestionBank(values.bank);
const training = bank.questions.filter((q) => foldOf(q.id) !== 'frozen');
const askWith: AskWith = async (model, questions) => {
  const engine = await createGuidanceEngine({ kbDir: values.kb, decisionModel: model });
  const answers = new Map<string, GuidanceAnswer>();
  for (const q of questions) answers.set(q.id, engine.ask(q.question, { lang: q.lang }));
  engine.close();
  return answers;
};

// Out-of-fold probabilities (the threshold only changes the bands, not the probabilities), from
// `--repeats` deals of the training questions into folds. One deal's curve moves by a question at a
// time near the cap (one wrong answer is 0.003 of in-scope questions); pooling several deals
// estimates the same rates with less luck in them.
const rows: ThresholdRow[] = [];
for (let repeat = 0; repeat < repeats; repeat += 1) {
  const outOfFold = await crossValidate(training, askWith, CV_FOLDS, { answerAbove: 1, suggestAbove: 1 }, repeat);
  const dealt = training.map((q) => {
    const answer = outOfFold.get(q.id) as GuidanceAnswer;
    return { p: answer.confidence ?? 0, right: sampleOf(q, answer)?.right ?? 0, inScope: q.kind === 'in_scope' };
  });
  const alone = chooseAnswerThreshold(dealt, { maxWrong, maxOos }).best;
  const first = dealt.filter((r) => r.right === 1).length / dealt.filter((r) => r.inScope).length;
  print(
    `deal ${repeat}: right article first ${first.toFixed(3)}; its own threshold ${alone.threshold} (right ${alone.right.toFixed(3)}, wrong ${alone.wrong.toFixed(3)})`,
  );
  rows.push(...dealt);
}
const { best, curve } = chooseAnswerThreshold(rows, { maxWrong, maxOos });
print(`pooled over ${repeats} deal(s): threshold  answered-right  wrong  oos-answered`);
for (const point of curve)
  print(`${point.threshold.toFixed(2)}      ${point.right.toFixed(3)}          ${point.wrong.toFixed(3)}  ${point.oos.toFixed(3)}`);
print(
  `chosen answer threshold ${best.threshold} (cross-validated over ${repeats} deal(s): right ${best.right.toFixed(3)}, wrong ${best.wrong.toFixed(3)}, oos answered ${best.oos.toFixed(3)})`,
);

const model = {
  ...(await fitModel(training, askWith, { answerAbove: best.threshold, suggestAbove })),
  fittedOn: `${training.length} training questions of ${bank.questions.length} (frozen fold excluded), ${CV_FOLDS}-fold CV threshold over ${repeats} deal(s), max wrong ${maxWrong}, max oos ${maxOos}`,
};
const file = path.join(values.kb, DECISION_MODEL_FILE);
if (values['dry-run']) print(JSON.stringify(model, null, 2));
else {
  await writeFile(file, `${JSON.stringify(model, null, 2)}\n`);
  print(`wrote ${file}`);
}

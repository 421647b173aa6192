/**
 * Evaluates the guidance engine on the labelled question bank:
 *   tsx scripts/eval-qa.ts                     every test/fixtures/qa/*.jsonl: cross-validated folds + frozen fold
 *   tsx scripts/eval-qa.ts --cv-only           the same without the frozen fold (use this while tuning)
 *   tsx scripts/eval-qa.ts a.jsonl [b.jsonl …] the given files as one set (no folds)
 *   options: [--bank dir] [--answers a.jsonl] [--kb ./kb] [--verbose]
 *
 * With --answers it scores an answer file from qa:answer instead of running the engine.
 * The frozen fold (≈30 % of the bank, chosen by a hash of the question id: question-bank.ts) is never
 * used to choose a number; its figures are printed last, for the record and the accuracy test's floors.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LANGS } from '../bot/i18n/index.js';
import { createGuidanceEngine, type GuidanceAnswer, type GuidanceEngine } from '../bot/features/guidance/engine.js';
import {
  answerRecord,
  evaluate,
  formatReliability,
  formatReport,
  formatShownLength,
  labelledQuestionSchema,
  mentions,
  parseJsonl,
  reliability,
  shownLength,
  type AnswerRecord,
  type LabelledQuestion,
} from '../bot/features/guidance/evaluation.js';
import { KnowledgeBaseError } from '../bot/features/guidance/kb-loader.js';
import { CV_FOLDS, DEFAULT_BANK_DIR, foldOf, loadQuestionBank } from '../bot/features/guidance/question-bank.js';
import { crossValidate, type AskWith } from '../bot/features/guidance/decision-fit.js';
import { loadDecisionModel } from '../bot/features/guidance/decision.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    answers: { type: 'string' },
    bank: { type: 'string', default: DEFAULT_BANK_DIR },
    kb: { type: 'string', default: './kb' },
    verbose: { type: 'boolean', default: false },
    'cv-only': { type: 'boolean', default: false },
    'allow-missing-translations': { type: 'boolean', default: false },
  },
});

function verboseLine(q: LabelledQuestion, answer: GuidanceAnswer, band = answer.band): string {
  const ranked = answer.ranked.map((r) => `${r.articleId}(${r.confidence.toFixed(1)}/${r.coverage.toFixed(2)})`).join(' ');
  const ok =
    q.kind === 'out_of_scope'
      ? band === 'answer'
        ? 'OOS-ANSWERED'
        : 'oos-ok'
      : q.expected_pages.some((p) => answer.top?.article.sources.includes(p))
        ? 'top-ok'
        : 'TOP-WRONG';
  const p = typeof answer.confidence === 'number' ? answer.confidence.toFixed(2) : '  – ';
  return `${q.id} ${q.lang ?? '?'} ${band.padEnd(7)} p=${p} ${ok.padEnd(12)} exp=${q.expected_pages.join('|')} ${ranked}`;
}

/** With --verbose: the must_mention strings an in-scope reply's shown text lacks (why "mention" is below 1). */
function mentionMissLine(q: LabelledQuestion, record: AnswerRecord): string | null {
  if (q.kind !== 'in_scope') return null;
  const missing = q.must_mention.filter((m) => mentions(record.text, [m], q.lang ?? 'fi') === 0);
  return missing.length ? `  mention missing: ${missing.map((m) => JSON.stringify(m)).join(', ')}` : null;
}

function strata(questions: readonly LabelledQuestion[]): string {
  return LANGS.map((lang) => {
    const of = questions.filter((q) => (q.lang ?? 'fi') === lang);
    return `${lang} ${of.filter((q) => q.kind === 'in_scope').length} in / ${of.filter((q) => q.kind === 'out_of_scope').length} oos`;
  }).join(', ');
}

async function answerAll(engine: GuidanceEngine, questions: readonly LabelledQuestion[]): Promise<Map<string, GuidanceAnswer>> {
  const answers = new Map<string, GuidanceAnswer>();
  for (const q of questions) answers.set(q.id, engine.ask(q.question, { lang: q.lang }));
  return answers;
}

try {
  const engine = values.answers
    ? null
    : await createGuidanceEngine({ kbDir: values.kb, allowMissingTranslations: values['allow-missing-translations'] });
  if (positionals.length > 0) {
    // Plain mode: the given files as one set, scored with the engine as it is configured.
    const questions = (
      await Promise.all(positionals.map(async (file) => parseJsonl(await readFile(file, 'utf8'), labelledQuestionSchema, file)))
    ).flat();
    const records = new Map<string, AnswerRecord>();
    let replies: GuidanceAnswer[] = [];
    if (values.answers) {
      for (const line of (await readFile(values.answers, 'utf8')).split('\n').filter((l) => l.trim())) {
        const record = JSON.parse(line) as AnswerRecord;
        records.set(record.id, record);
      }
    } else if (engine) {
      const answers = await answerAll(engine, questions);
      replies = [...answers.values()];
      for (const q of questions) {
        const answer = answers.get(q.id) as GuidanceAnswer;
        records.set(q.id, answerRecord(q.id, answer));
        if (values.verbose) print(verboseLine(q, answer));
      }
    }
    print(formatReport(evaluate(questions, records), `evaluation of ${positionals.join(', ')} (${questions.length} questions)`));
    if (engine) print(formatShownLength(shownLength(replies)));
    print(formatReliability(reliability(questions, records)));
  } else if (engine) {
    const bank = await loadQuestionBank(values.bank);
    const frozen = bank.questions.filter((q) => foldOf(q.id) === 'frozen');
    const training = bank.questions.filter((q) => foldOf(q.id) !== 'frozen');
    print(`question bank ${values.bank}: ${bank.questions.length} questions in ${bank.files.length} files`);
    print(`  cross-validation (${CV_FOLDS} folds): ${training.length} — ${strata(training)}`);
    print(`  frozen fold: ${frozen.length} — ${strata(frozen)}`);

    // Cross-validation: each fold answered by an engine whose model was fitted on the other folds only,
    // with the shipped model's thresholds (chosen by fit:qa on the same folds).
    const shipped = await loadDecisionModel(values.kb);
    const askWith: AskWith = async (model, questions) => {
      const foldEngine = await createGuidanceEngine({ kbDir: values.kb, decisionModel: model });
      try {
        return await answerAll(foldEngine, questions);
      } finally {
        foldEngine.close();
      }
    };
    const cvAnswers = shipped ? await crossValidate(training, askWith, CV_FOLDS, shipped) : await answerAll(engine, training);
    const cvRecords = new Map<string, AnswerRecord>();
    for (const q of training) {
      const answer = cvAnswers.get(q.id) as GuidanceAnswer;
      const record = answerRecord(q.id, answer);
      cvRecords.set(q.id, record);
      if (values.verbose) {
        print(verboseLine(q, answer));
        const miss = mentionMissLine(q, record);
        if (miss) print(miss);
      }
    }
    print('');
    print(formatReport(evaluate(training, cvRecords), `cross-validated (${CV_FOLDS} folds, ${training.length} questions)`));
    print(formatShownLength(shownLength(cvAnswers.values())));
    print(formatReliability(reliability(training, cvRecords)));

    if (!values['cv-only']) {
      // The frozen fold, answered by the engine exactly as shipped (its model fitted on all training folds).
      const frozenAnswers = await answerAll(engine, frozen);
      const frozenRecords = new Map<string, AnswerRecord>();
      for (const q of frozen) frozenRecords.set(q.id, answerRecord(q.id, frozenAnswers.get(q.id) as GuidanceAnswer));
      print('');
      const report = evaluate(frozen, frozenRecords);
      print(
        formatReport(
          { ...report, overall: { ...report.overall, misses: [], oosAnswered: [] } },
          `FROZEN fold (${frozen.length} questions)`,
        ),
      );
      print(formatReliability(reliability(frozen, frozenRecords)));
    }
  }
  engine?.close();
} catch (error) {
  console.error(error instanceof KnowledgeBaseError ? error.message : error);
  process.exit(1);
}

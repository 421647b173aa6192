/**
 * Prints hit@1, hit@3, out-of-scope rejection and must_mention coverage per language and overall:
 *   tsx scripts/eval-qa.ts test/fixtures/qa-dev.jsonl [more.jsonl …] [--answers a.jsonl] [--kb ./kb] [--verbose]
 * Without --answers it runs the engine itself; with it, it scores an answer file from qa:answer.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createGuidanceEngine } from '../bot/features/guidance/engine.js';
import {
  answerRecord,
  evaluate,
  formatReport,
  labelledQuestionSchema,
  parseJsonl,
  type AnswerRecord,
} from '../bot/features/guidance/evaluation.js';
import { KnowledgeBaseError } from '../bot/features/guidance/kb-loader.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    answers: { type: 'string' },
    kb: { type: 'string', default: './kb' },
    verbose: { type: 'boolean', default: false },
    'allow-missing-translations': { type: 'boolean', default: false },
  },
});
if (positionals.length === 0) {
  console.error('usage: tsx scripts/eval-qa.ts <labelled.jsonl> [...] [--answers answers.jsonl] [--kb ./kb] [--verbose]');
  process.exit(2);
}

try {
  const questions = (
    await Promise.all(positionals.map(async (file) => parseJsonl(await readFile(file, 'utf8'), labelledQuestionSchema, file)))
  ).flat();
  const records = new Map<string, AnswerRecord>();
  if (values.answers) {
    for (const line of (await readFile(values.answers, 'utf8')).split('\n').filter((l) => l.trim())) {
      const record = JSON.parse(line) as AnswerRecord;
      records.set(record.id, record);
    }
  } else {
    const engine = await createGuidanceEngine({ kbDir: values.kb, allowMissingTranslations: values['allow-missing-translations'] });
    for (const q of questions) {
      const answer = engine.ask(q.question, { lang: q.lang });
      records.set(q.id, answerRecord(q.id, answer));
      if (values.verbose) {
        const ranked = answer.ranked.map((r) => `${r.articleId}(${r.confidence.toFixed(1)}/${r.coverage.toFixed(2)})`).join(' ');
        const ok =
          q.kind === 'out_of_scope'
            ? answer.band === 'answer'
              ? 'OOS-ANSWERED'
              : 'oos-ok'
            : q.expected_pages.some((p) => answer.top?.article.sources.includes(p))
              ? 'top-ok'
              : 'TOP-WRONG';
        print(`${q.id} ${q.lang ?? '?'} ${answer.band.padEnd(7)} ${ok.padEnd(12)} exp=${q.expected_pages.join('|')} ${ranked}`);
      }
    }
    engine.close();
  }
  print(formatReport(evaluate(questions, records), `evaluation of ${positionals.join(', ')} (${questions.length} questions)`));
} catch (error) {
  console.error(error instanceof KnowledgeBaseError ? error.message : error);
  process.exit(1);
}

/**
 * Answers a file of questions with the guidance engine, one JSON line per question:
 *   tsx scripts/qa-answer.ts --in q.jsonl --out a.jsonl [--kb ./kb] [--allow-missing-translations]
 * Input lines: {"id","question","lang"?}. Output lines: {"id","band","sources","suggestions","text"}.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createGuidanceEngine } from '../bot/features/guidance/engine.js';
import { answerRecord, parseJsonl, questionLineSchema } from '../bot/features/guidance/evaluation.js';
import { KnowledgeBaseError } from '../bot/features/guidance/kb-loader.js';

const { values } = parseArgs({
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    kb: { type: 'string', default: './kb' },
    'allow-missing-translations': { type: 'boolean', default: false },
  },
});
if (!values.in || !values.out) {
  console.error('usage: tsx scripts/qa-answer.ts --in questions.jsonl --out answers.jsonl [--kb ./kb]');
  process.exit(2);
}

try {
  const engine = await createGuidanceEngine({ kbDir: values.kb, allowMissingTranslations: values['allow-missing-translations'] });
  const questions = parseJsonl(await readFile(values.in, 'utf8'), questionLineSchema, values.in);
  const lines = questions.map((q) => JSON.stringify(answerRecord(q.id, engine.ask(q.question, { lang: q.lang }))));
  await writeFile(values.out, lines.length ? `${lines.join('\n')}\n` : '');
  engine.close();
  console.error(`answered ${questions.length} question(s) → ${values.out}`);
} catch (error) {
  console.error(error instanceof KnowledgeBaseError ? error.message : error);
  process.exit(1);
}

/**
 * Guidance engine benchmark (npm run bench:qa): per-question latency p50/p99 of our engine and of plain
 * minisearch with default options over the same article versions, in one run, plus both engines'
 * hit@1 on the labelled questions.
 *   tsx bench/qa.ts [--kb ./kb] [--questions test/fixtures/qa-dev.jsonl] [--repeat 30]
 *
 * hit@1 for our engine is the strict figure (band answer AND a correct source); "top-1" ignores the
 * band, which is the only figure plain minisearch has (it has no notion of confidence).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { createGuidanceEngine } from '../bot/features/guidance/engine.js';
import { labelledQuestionSchema, parseJsonl } from '../bot/features/guidance/evaluation.js';
import { loadKnowledgeBase } from '../bot/features/guidance/kb-loader.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    kb: { type: 'string', default: './kb' },
    questions: { type: 'string', multiple: true },
    repeat: { type: 'string', default: '30' },
  },
});
const files = values.questions?.length ? values.questions : ['test/fixtures/qa-dev.jsonl'];
const repeat = Math.max(1, Number(values.repeat) || 30);

const questions = (await Promise.all(files.map(async (f) => parseJsonl(await readFile(f, 'utf8'), labelledQuestionSchema, f)))).flat();
const inScope = questions.filter((q) => q.kind === 'in_scope');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function time(run: () => void): number[] {
  for (const _ of questions.slice(0, 10)) run(); // warm-up (JIT, stem cache)
  const samples: number[] = [];
  for (let r = 0; r < repeat; r += 1) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples;
}

// --- our engine
let started = performance.now();
const engine = await createGuidanceEngine({ kbDir: values.kb });
const ourBuildMs = performance.now() - started;
const kb = await loadKnowledgeBase(values.kb);
const sourcesOf = (articleId: string | undefined) => (articleId ? (kb.byId.get(articleId)?.fi?.sources ?? []) : []);

let ourHit1 = 0;
let ourTop1 = 0;
for (const q of inScope) {
  const answer = engine.ask(q.question, { lang: q.lang });
  const correct = q.expected_pages.some((p) => answer.top?.article.sources.includes(p));
  if (correct) ourTop1 += 1;
  if (correct && answer.band === 'answer') ourHit1 += 1;
}
const ourSamples: number[] = [];
for (const q of questions) ourSamples.push(...time(() => engine.ask(q.question, { lang: q.lang })));

// --- plain minisearch, default tokenizer and options, same article versions and fields
started = performance.now();
const plain = new MiniSearch<{ id: string; articleId: string; title: string; keywords: string; questions: string; body: string }>({
  fields: ['title', 'keywords', 'questions', 'body'],
  storeFields: ['articleId'],
});
plain.addAll(
  kb.articles.map((a) => ({
    id: `${a.id}:${a.lang}`,
    articleId: a.id,
    title: a.title,
    keywords: a.keywords.join(' '),
    questions: a.questions.join(' '),
    body: a.body,
  })),
);
const plainBuildMs = performance.now() - started;
let plainTop1 = 0;
for (const q of inScope) {
  const top = plain.search(q.question)[0];
  if (q.expected_pages.some((p) => sourcesOf(top?.articleId as string | undefined).includes(p))) plainTop1 += 1;
}
const plainSamples: number[] = [];
for (const q of questions) plainSamples.push(...time(() => plain.search(q.question)));

engine.close();

const row = (name: string, samples: number[], build: number, hit1: string, top1: string) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `| ${name.padEnd(36)} | ${percentile(sorted, 50).toFixed(3).padStart(8)} | ${percentile(sorted, 99).toFixed(3).padStart(8)} | ${build.toFixed(1).padStart(8)} | ${hit1.padStart(7)} | ${top1.padStart(7)} |`;
};
const share = (n: number) => `${(n / Math.max(1, inScope.length)).toFixed(3)}`;
print(
  `guidance QA benchmark: ${kb.articles.length} article versions, ${questions.length} questions (${inScope.length} in scope) from ${files.join(', ')}, ${repeat} timed runs each`,
);
print('| engine                               | p50 ms   | p99 ms   | build ms | hit@1   | top-1   |');
print('|--------------------------------------|----------|----------|----------|---------|---------|');
print(row('ours (analyzer + bands + card text)', ourSamples, ourBuildMs, share(ourHit1), share(ourTop1)));
print(row('minisearch defaults', plainSamples, plainBuildMs, 'n/a', share(plainTop1)));

/**
 * The labelled question bank (test/fixtures/qa/*.jsonl) and its split into a frozen fold and k
 * cross-validation folds.
 *
 * The split is a pure function of the question id (a stable hash), not of the file's order or size:
 * a question added later never moves an existing one between the frozen fold and the training folds,
 * and every new file joins by the same rule. Hashing is independent of language and scope, so each
 * stratum (fi/sv/en × in/out of scope) lands in the frozen fold at about the same share; `eval:qa`
 * prints the counts so a skewed stratum shows.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fnv1a } from './fnv1a.js';
import { labelledQuestionSchema, parseJsonl, type LabelledQuestion } from './evaluation.js';

/** Share of questions (per mille) in the frozen fold: never looked at while tuning. */
export const FROZEN_PER_MILLE = 300;
/** Cross-validation folds over the rest. */
export const CV_FOLDS = 5;

/** FNV-1a, 32 bits: stable across Node versions and platforms (no Math.random, no crypto dependency). */
export function stableHash(text: string): number {
  return fnv1a(text);
}

export type Fold = 'frozen' | number;

/** The frozen fold, or the number (0..CV_FOLDS-1) of the cross-validation fold a question belongs to. */
export function foldOf(id: string): Fold {
  return foldInDeal(id, 0);
}

/**
 * The same in one of several deals of the training questions into folds (repeated cross-validation,
 * fit:qa), so a number chosen on out-of-fold figures does not hang on one lucky or unlucky deal. The
 * frozen fold never depends on the deal; deal 0 is `foldOf`, the one eval:qa reports.
 */
export function foldInDeal(id: string, deal: number): Fold {
  if (stableHash(`frozen:${id}`) % 1000 < FROZEN_PER_MILLE) return 'frozen';
  return stableHash(deal === 0 ? `cv:${id}` : `cv${deal}:${id}`) % CV_FOLDS;
}

export interface QuestionBank {
  questions: LabelledQuestion[];
  files: string[];
}

/** Every `*.jsonl` file of `dir` (sorted by name), validated; an id used twice is an error. */
export async function loadQuestionBank(dir: string): Promise<QuestionBank> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  const questions: LabelledQuestion[] = [];
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const file of files) {
    const full = path.join(dir, file);
    for (const q of parseJsonl(await readFile(full, 'utf8'), labelledQuestionSchema, full)) {
      const earlier = seen.get(q.id);
      if (earlier) problems.push(`${full}: id ${q.id} already used in ${earlier}`);
      else seen.set(q.id, full);
      questions.push(q);
    }
  }
  if (problems.length) throw new Error(`question bank ${dir} is invalid:\n${problems.join('\n')}`);
  return { questions, files: files.map((f) => path.join(dir, f)) };
}

export const DEFAULT_BANK_DIR = 'test/fixtures/qa';

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_THRESHOLDS } from '../../../bot/features/guidance/bands.js';
import {
  CANDIDATE_FEATURES,
  decide,
  loadDecisionModel,
  probability,
  SIGNALS,
  type CandidateFeatures,
  type DecisionModel,
  type Signals,
} from '../../../bot/features/guidance/decision.js';
import {
  chooseAnswerThreshold,
  fitLogistic,
  fitModel,
  fitRanker,
  type AskWith,
  type Sample,
} from '../../../bot/features/guidance/decision-fit.js';
import type { GuidanceAnswer } from '../../../bot/features/guidance/engine.js';
import type { LabelledQuestion } from '../../../bot/features/guidance/evaluation.js';
import { foldOf } from '../../../bot/features/guidance/question-bank.js';

const signals = (over: Partial<Signals>): Signals => ({
  ...(Object.fromEntries(SIGNALS.map((s) => [s, 0.5])) as Signals),
  ...over,
});

describe('guidance decision model', () => {
  // Right answers have high coverage and a clear margin; wrong ones not (with some overlap).
  const samples: Sample[] = Array.from({ length: 200 }, (_, i) => {
    const right = i % 2 === 0;
    const noise = ((i * 37) % 17) / 40;
    return {
      right: right ? 1 : 0,
      signals: signals({ coverage: right ? 0.7 + noise / 2 : 0.3 + noise, margin: right ? 0.5 + noise : 0.1 + noise / 2 }),
    };
  });

  it('fits a logistic model that ranks right answers above wrong ones', () => {
    const model = fitLogistic(samples, { answerAbove: 0.8, suggestAbove: 0.3 });
    const pRight = probability(signals({ coverage: 0.9, margin: 0.8 }), model);
    const pWrong = probability(signals({ coverage: 0.3, margin: 0.1 }), model);
    assert.ok(pRight > 0.9 && pWrong < 0.1, `${pRight} ${pWrong}`);
    assert.ok((model.weights[SIGNALS.indexOf('coverage')] as number) > 0);
  });

  it('answers at or above answerAbove, suggests on a fair match or mid probability, else does not know', () => {
    const model = fitLogistic(samples, { answerAbove: 0.8, suggestAbove: 0.3 });
    const weak = [{ confidence: 0.1, coverage: 0.1 }];
    assert.equal(decide(signals({ coverage: 0.95, margin: 0.9 }), weak, model, DEFAULT_THRESHOLDS).band, 'answer');
    assert.equal(decide(signals({ coverage: 0.2, margin: 0.05 }), weak, model, DEFAULT_THRESHOLDS).band, 'unknown');
    assert.equal(
      decide(signals({ coverage: 0.2, margin: 0.05 }), [{ confidence: 3, coverage: 0.6 }], model, DEFAULT_THRESHOLDS).band,
      'suggest',
    );
    // Without a model the fixed thresholds decide, and there is no probability.
    assert.deepEqual(decide(null, [{ confidence: 10, coverage: 0.8 }], null, DEFAULT_THRESHOLDS), { band: 'answer', confidence: null });
  });

  it('refuses an invalid model file with the problems listed, and accepts the shipped one', async () => {
    assert.ok(await loadDecisionModel('kb'), 'kb/decision-model.json is valid');
    const dir = await mkdtemp(path.join(tmpdir(), 'decision-'));
    try {
      assert.equal(await loadDecisionModel(dir), null, 'no file: no model');
      const file = path.join(dir, 'decision-model.json');
      const base = {
        signals: ['coverage', 'margin'],
        mean: [0, 0],
        scale: [1, 1],
        weights: [1, 1],
        bias: 0,
        answerAbove: 0.5,
        suggestAbove: 0.2,
      };
      const rejects = async (model: unknown, expected: string[]) => {
        await writeFile(file, JSON.stringify(model));
        await assert.rejects(loadDecisionModel(dir), (error: unknown) => {
          const text = String((error as Error).message);
          for (const e of expected) assert.ok(text.includes(e), `${e} in ${text}`);
          return true;
        });
      };
      await rejects({ ...base, signals: ['coverage', 'nonsense'], scale: [1, 0] }, ['signals.1', 'scale.1']);
      await rejects({ ...base, mean: [0], suggestAbove: 0.7 }, ['mean: needs 2 numbers', 'suggestAbove: must not exceed answerAbove']);
      await writeFile(file, '{');
      await assert.rejects(loadDecisionModel(dir), /not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('fitting the decision on held-out re-ranking', () => {
  // Twelve in-scope questions spread over the cross-validation folds; each has two candidates whose
  // features tell the right one a little, so every re-ranker fitted on a subset differs.
  const ids: string[] = [];
  for (let i = 0; ids.length < 12; i += 1) if (foldOf(`fit-${i}`) !== 'frozen') ids.push(`fit-${i}`);
  const questions: LabelledQuestion[] = ids.map((id) => ({
    id,
    question: `question ${id}`,
    lang: 'fi',
    kind: 'in_scope',
    expected_pages: ['right-page'],
    must_mention: [],
  }));
  const features = (value: number): CandidateFeatures =>
    Object.fromEntries(CANDIDATE_FEATURES.map((f, i) => [f, (value * (i + 1)) % 1])) as CandidateFeatures;
  const answerOf = (q: LabelledQuestion, n: number): GuidanceAnswer =>
    ({
      top: { article: { sources: ['right-page'] } },
      signals: signals({ coverage: (n % 5) / 5 }),
      candidates: [
        { articleId: 'a', sources: ['right-page'], features: features(0.3 + n / 40) },
        { articleId: 'b', sources: ['other-page'], features: features(0.1 + n / 30) },
      ],
    }) as unknown as GuidanceAnswer;

  it('re-ranks each fold with a re-ranker fitted on the other folds, and ships the one fitted on all', async () => {
    const calls: Array<{ model: DecisionModel | null; ids: string[] }> = [];
    const askWith: AskWith = async (model, asked) => {
      calls.push({ model, ids: asked.map((q) => q.id) });
      return new Map(asked.map((q) => [q.id, answerOf(q, ids.indexOf(q.id))]));
    };
    const model = await fitModel(questions, askWith, { answerAbove: 0.8, suggestAbove: 0.2 });
    const plain = new Map(questions.map((q) => [q.id, answerOf(q, ids.indexOf(q.id))]));
    const folds = new Set(questions.map((q) => foldOf(q.id)));
    assert.ok(folds.size >= 2, 'the questions span several folds');
    assert.equal(calls[0]?.model, null, 'first the plain search, for the re-ranker’s rows');
    const reranked = calls.slice(1);
    assert.equal(reranked.length, folds.size, 'one re-ranked pass per fold');
    for (const call of reranked) {
      const fold = foldOf(call.ids[0] as string);
      assert.ok(
        call.ids.every((id) => foldOf(id) === fold),
        'each pass answers one fold',
      );
      const others = questions.filter((q) => foldOf(q.id) !== fold);
      assert.deepEqual(call.model?.ranker, fitRanker(others, plain), 'its re-ranker has not seen that fold');
    }
    assert.deepEqual(model.ranker, fitRanker(questions, plain), 'the shipped re-ranker is fitted on every question');
  });
});

describe('choosing the answer threshold on out-of-fold probabilities', () => {
  const row = (p: number, right: 0 | 1, inScope = true) => ({ p, right, inScope });

  it('answers the most right while wrong and out-of-scope answers stay within their caps', () => {
    // 100 in-scope: 60 right at p 0.9, 2 wrong at 0.9, 20 right and 3 wrong at 0.7, 15 wrong at 0.4;
    // 20 out of scope at 0.5.
    const rows = [
      ...Array.from({ length: 60 }, () => row(0.9, 1)),
      ...Array.from({ length: 2 }, () => row(0.9, 0)),
      ...Array.from({ length: 20 }, () => row(0.7, 1)),
      ...Array.from({ length: 3 }, () => row(0.7, 0)),
      ...Array.from({ length: 15 }, () => row(0.4, 0)),
      ...Array.from({ length: 20 }, () => row(0.5, 0, false)),
    ];
    const strict = chooseAnswerThreshold(rows, { maxWrong: 0.02, maxOos: 0.05 }).best;
    assert.deepEqual(strict, { threshold: 0.71, right: 0.6, wrong: 0.02, oos: 0 }, 'the lowest threshold above the 0.7 band');
    const loose = chooseAnswerThreshold(rows, { maxWrong: 0.05, maxOos: 0.05 }).best;
    assert.deepEqual(loose, { threshold: 0.51, right: 0.8, wrong: 0.05, oos: 0 }, 'a looser cap takes the 0.7 band in');
    const curve = chooseAnswerThreshold(rows, { maxWrong: 0.05, maxOos: 0.05 }).curve;
    assert.deepEqual(
      curve.find((c) => c.threshold === 0.5),
      { threshold: 0.5, right: 0.8, wrong: 0.05, oos: 1 },
      'out of scope at 0.5 answered',
    );
  });

  it('pools repeated deals: a share near the cap is judged on all the rows, not on one deal', () => {
    // One deal: 1 wrong of 40 at 0.8 (0.025, over the cap); pooled with a deal that has none: 1 of 80 (0.0125).
    const deal = (wrong: number) => [
      ...Array.from({ length: 30 }, () => row(0.9, 1)),
      ...Array.from({ length: 10 - wrong }, () => row(0.8, 1)),
      ...Array.from({ length: wrong }, () => row(0.8, 0)),
    ];
    assert.equal(chooseAnswerThreshold(deal(1), { maxWrong: 0.02, maxOos: 0.05 }).best.threshold, 0.81);
    assert.equal(chooseAnswerThreshold([...deal(1), ...deal(0)], { maxWrong: 0.02, maxOos: 0.05 }).best.threshold, 0.3);
  });

  it('answers almost nothing when no threshold meets the caps', () => {
    const rows = [row(0.96, 0), row(0.96, 1)];
    assert.equal(chooseAnswerThreshold(rows, { maxWrong: 0.02, maxOos: 0.05 }).best.threshold, 0.99);
  });
});

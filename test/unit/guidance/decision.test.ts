import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_THRESHOLDS } from '../../../bot/features/guidance/bands.js';
import { decide, loadDecisionModel, probability, SIGNALS, type Signals } from '../../../bot/features/guidance/decision.js';
import { fitLogistic, type Sample } from '../../../bot/features/guidance/decision-fit.js';

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

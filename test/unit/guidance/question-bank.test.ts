import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CV_FOLDS, foldInDeal, foldOf, loadQuestionBank, stableHash } from '../../../bot/features/guidance/question-bank.js';

describe('guidance question bank and folds', () => {
  it('assigns folds by a stable hash of the id alone (≈30 % frozen, the rest over the CV folds)', () => {
    assert.equal(stableHash('abc'), 440920331, 'FNV-1a 32-bit of "abc"');
    const ids = Array.from({ length: 2_000 }, (_, i) => `q-${i}`);
    const folds = ids.map(foldOf);
    assert.deepEqual(ids.map(foldOf), folds, 'deterministic');
    const frozen = folds.filter((f) => f === 'frozen').length / ids.length;
    assert.ok(frozen > 0.27 && frozen < 0.33, `frozen share ${frozen}`);
    for (let k = 0; k < CV_FOLDS; k += 1) assert.ok(folds.filter((f) => f === k).length > 200, `fold ${k}`);
  });

  it('deals the training questions afresh in each deal of repeated cross-validation, never the frozen ones', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `q-${i}`);
    assert.deepEqual(
      ids.map((id) => foldInDeal(id, 0)),
      ids.map((id) => foldOf(id)),
      'deal 0 is the deal eval:qa reports',
    );
    const training = ids.filter((id) => foldOf(id) !== 'frozen');
    for (const deal of [1, 2, 3, 4]) {
      for (const id of ids) assert.equal(foldInDeal(id, deal) === 'frozen', foldOf(id) === 'frozen', `${id} frozen in every deal or none`);
      const moved = training.filter((id) => foldInDeal(id, deal) !== foldOf(id)).length / training.length;
      // Independent deals over five folds agree on a question's fold one time in five.
      assert.ok(moved > 0.7 && moved < 0.9, `deal ${deal} moved ${moved}`);
      for (let k = 0; k < CV_FOLDS; k += 1)
        assert.ok(training.filter((id) => foldInDeal(id, deal) === k).length > 200, `deal ${deal} fold ${k}`);
    }
  });

  it('reads every *.jsonl of the folder and refuses an id used twice', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qa-bank-'));
    try {
      const line = (id: string) =>
        JSON.stringify({ id, lang: 'fi', question: 'q', expected_pages: [], must_mention: [], kind: 'out_of_scope' });
      await writeFile(path.join(dir, 'a.jsonl'), `${line('1')}\n${line('2')}\n`);
      await writeFile(path.join(dir, 'own-b.jsonl'), `${line('3')}\n`);
      await writeFile(path.join(dir, 'notes.txt'), 'not a question file');
      const bank = await loadQuestionBank(dir);
      assert.deepEqual(
        bank.questions.map((q) => q.id),
        ['1', '2', '3'],
      );
      await writeFile(path.join(dir, 'own-c.jsonl'), `${line('2')}\n`);
      await assert.rejects(loadQuestionBank(dir), /id 2 already used/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Issue 16, round 4: unanswered questions recorded close together share one insert (one commit) instead
 * of one each; every question is still stored, a failed batch falls back to one row at a time, and the
 * caller's promise settles only once its own row is stored (or could not be).
 */
import assert from 'node:assert/strict';
import { createQuestionRecorder } from '../../../bot/features/guidance/escalation/record-question.js';
import { createGuidanceRepository, type RecordedQuestion } from '../../../bot/store/guidance-repository.js';
import { createWriteBatcher } from '../../../bot/store/write-batcher.js';
import { describeEachDatabase } from '../../helpers/databases.js';

const user = { tenantId: '22222222-2222-4222-8222-222222222222', objectId: '00000000-0000-4000-8000-000000000001' };

describeEachDatabase('issue 16: unanswered questions stored in batches', (getStore) => {
  it('ten questions recorded at once: one insert of ten rows, each caller told it was stored', async () => {
    const repository = createGuidanceRepository(getStore());
    const statements: number[] = [];
    const counted = {
      ...repository,
      recordQuestions: (rows: RecordedQuestion[]) => {
        statements.push(rows.length);
        return repository.recordQuestions(rows);
      },
      recordQuestion: (row: RecordedQuestion) => {
        statements.push(1);
        return repository.recordQuestion(row);
      },
    };
    const record = createQuestionRecorder({ repository: counted, batching: { maxDelayMs: 20 } });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        record({
          question: `Miksi järjestelmä ${i} ei toimi?`,
          lang: 'fi',
          band: i % 2 ? 'unknown' : 'suggest',
          articleId: i % 2 ? null : 'yksilointi',
          user,
        }),
      ),
    );
    assert.deepEqual(results, Array(10).fill(true));
    assert.deepEqual(statements, [10], 'one statement for the ten');
    const rows = await getStore()
      .db.selectFrom('guidance_questions')
      .select(['question', 'band', 'article_id', 'tenant_id', 'object_id'])
      .orderBy('question')
      .execute();
    assert.equal(rows.length, 10);
    assert.deepEqual(
      rows.map((r) => [r.question, r.band, r.article_id]),
      Array.from({ length: 10 }, (_, i) => [
        `Miksi järjestelmä ${i} ei toimi?`,
        i % 2 ? 'unknown' : 'suggest',
        i % 2 ? null : 'yksilointi',
      ]),
    );
    assert.ok(rows.every((r) => r.tenant_id === user.tenantId && r.object_id === user.objectId));
  });

  it('without batching each question is its own insert, as before', async () => {
    const repository = createGuidanceRepository(getStore());
    let single = 0;
    const record = createQuestionRecorder({
      repository: { ...repository, recordQuestion: (row: RecordedQuestion) => (single++, repository.recordQuestion(row)) },
    });
    await Promise.all([1, 2, 3].map((i) => record({ question: `Kysymys numero ${i}?`, lang: 'fi', band: 'unknown', user })));
    assert.equal(single, 3);
    assert.equal((await getStore().db.selectFrom('guidance_questions').select('id').execute()).length, 3);
  });
});

describe('issue 16: write batcher', () => {
  it('writes the rows added within the delay together, and resolves each add only after its write', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = createWriteBatcher<number>({
      writeMany: async (rows) => {
        await gate;
        writes.push(rows);
      },
      maxDelayMs: 10,
      maxRows: 100,
    });
    let settled = 0;
    const adds = [1, 2, 3].map((n) => batcher.add(n).then(() => void settled++));
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(settled, 0, 'not resolved before the write finished');
    release();
    await Promise.all(adds);
    assert.deepEqual(writes, [[1, 2, 3]]);
    assert.equal(batcher.pending(), 0);
  });

  it('a full batch is written at once, without waiting for the delay', async () => {
    const writes: number[][] = [];
    const batcher = createWriteBatcher<number>({ writeMany: async (rows) => void writes.push(rows), maxDelayMs: 60_000, maxRows: 3 });
    await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    assert.deepEqual(writes, [[1, 2, 3]]);
  });

  it('a failed batch is retried row by row: only the bad row is refused', async () => {
    const writes: number[][] = [];
    const batcher = createWriteBatcher<number>({
      writeMany: async (rows) => {
        if (rows.includes(2)) throw new Error('row 2 is bad');
        writes.push(rows);
      },
      maxDelayMs: 5,
      maxRows: 100,
    });
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => batcher.add(n)));
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /row 2 is bad/);
    assert.deepEqual(writes, [[1], [3]]);
  });

  it('flush() writes what is pending at once and waits for it', async () => {
    const writes: number[][] = [];
    const batcher = createWriteBatcher<number>({ writeMany: async (rows) => void writes.push(rows), maxDelayMs: 60_000, maxRows: 100 });
    const added = batcher.add(7);
    await batcher.flush();
    assert.deepEqual(writes, [[7]]);
    await added;
  });
});

/**
 * Issue 16: storing an unanswered question follows the reply instead of delaying it, and is not lost:
 * failures are logged, and drain() (called by app.stop() before the store closes) waits for it.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBackgroundWork } from '../../../bot/background-work.js';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/engine.js';
import { createGuidanceFeature, type QuestionToRecord } from '../../../bot/features/guidance/feature.js';
import { makeTurn, makeUser } from '../../helpers/fakes.js';
import { writeMiniKb } from '../guidance/mini-kb.js';

function recordingLogger() {
  const warnings: Array<Record<string, unknown>> = [];
  return { warnings, logger: { warn: (object: Record<string, unknown>) => void warnings.push(object) } as never };
}

describe('issue 16: background work', () => {
  it('runs deferred work after the caller has moved on, and drain() waits for all of it', async () => {
    const { logger } = recordingLogger();
    const work = createBackgroundWork(logger);
    const done: string[] = [];
    work.defer('first', async () => {
      done.push('first');
      // Work deferred while draining is drained too.
      work.defer('second', async () => void done.push('second'));
    });
    assert.deepEqual(done, [], 'nothing ran synchronously');
    assert.equal(work.pending(), 1);
    await work.drain();
    assert.deepEqual(done, ['first', 'second']);
    assert.equal(work.pending(), 0);
  });

  it('a failure is logged with what failed, never thrown at the caller', async () => {
    const { logger, warnings } = recordingLogger();
    const work = createBackgroundWork(logger);
    work.defer('store it', async () => {
      throw new Error('database unavailable');
    });
    await work.drain();
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.work, 'store it');
  });
});

describe('issue 16: the unanswered question is stored after the reply', () => {
  let dir: string;
  let engine: GuidanceEngine;

  before(async () => {
    const mini = await writeMiniKb();
    dir = await mkdtemp(path.join(tmpdir(), 'deferred-recording-'));
    await cp(mini.dir, dir, { recursive: true });
    await mini.remove();
    engine = await createGuidanceEngine({ kbDir: dir });
  });
  after(async () => {
    engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the reply does not wait for a slow store, and drain() sees the question stored', async () => {
    const recorded: QuestionToRecord[] = [];
    let release!: () => void;
    const storeIsSlow = new Promise<void>((resolve) => (release = resolve));
    const { logger } = recordingLogger();
    const background = createBackgroundWork(logger);
    const feature = createGuidanceFeature({
      engine,
      recordQuestion: async (question) => {
        await storeIsSlow;
        recorded.push(question);
      },
      defer: background.defer,
    });
    const replies = await feature.answer(makeTurn({ user: makeUser('Vendor'), text: 'Miksi Wilma ei toimi tänään?' }));
    assert.equal(replies.length, 1, 'the reply is ready while the store has not answered');
    assert.equal(recorded.length, 0);
    assert.equal(background.pending(), 1);
    release();
    await background.drain();
    assert.deepEqual(
      recorded.map((r) => r.band),
      ['unknown'],
    );
  });

  it('a confident answer defers nothing', async () => {
    const background = createBackgroundWork(recordingLogger().logger);
    const feature = createGuidanceFeature({ engine, recordQuestion: async () => undefined, defer: background.defer });
    await feature.answer(makeTurn({ text: 'Kauanko TGT on voimassa?' }));
    assert.equal(background.pending(), 0);
  });
});

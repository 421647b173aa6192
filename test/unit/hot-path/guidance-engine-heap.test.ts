/**
 * Issue 16 (peak RSS within 1.3× of the echo bot): the guidance engine's indexes are built once and held
 * for the app's life, so what they retain is paid by every instance. The n-gram indexes of issue 11 first
 * kept a small object or array per n-gram and per article posting (~97 MB of heap, RSS 1.54× the echo
 * bot's in bench:load); their flat typed arrays keep ~10 MB. This guards the order of magnitude.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGuidanceEngine } from '../../../bot/features/guidance/engine.js';

const KB_DIR = path.resolve(import.meta.dirname, '../../../kb');
/** Several times today's figure, far below the per-object layout's. */
const BUDGET_MB = 30;

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

describe('guidance engine: retained heap (issue 16 item 3)', function () {
  this.timeout(60_000);

  it(`keeps its knowledge-base indexes within ${BUDGET_MB} MB of heap`, async () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const engine = await createGuidanceEngine({ kbDir: KB_DIR });
    collectGarbage();
    const retainedMb = (process.memoryUsage().heapUsed - before) / 1e6;
    assert.ok(engine.ask, 'the engine is still referenced while measuring');
    assert.ok(retainedMb < BUDGET_MB, `the engine retains ${retainedMb.toFixed(1)} MB of heap (budget ${BUDGET_MB} MB)`);
  });
});

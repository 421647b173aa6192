import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/engine.js';
import { LANGS, type Lang } from '../../../bot/i18n/index.js';

/**
 * The Teams locale is only a tie-breaker: a Finnish question from someone whose Teams is in English
 * (as the Agents Playground always is) must still be answered in Finnish.
 */
describe('guidance: question language beats the Teams locale', function () {
  this.timeout(30_000);
  let engine: GuidanceEngine;
  before(async () => {
    engine = await createGuidanceEngine({ kbDir: 'kb' });
  });
  after(() => engine.close());

  it('answers every labelled question in its own language whatever the locale hint', () => {
    const wrong: string[] = [];
    let asked = 0;
    for (const file of ['test/fixtures/qa/dev.jsonl', 'test/fixtures/qa/extra.jsonl']) {
      for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
        const q = JSON.parse(line) as { id: string; lang: Lang; question: string };
        for (const hint of LANGS) {
          asked += 1;
          const answer = engine.ask(q.question, { hint });
          if (answer.lang !== q.lang) wrong.push(`${q.id} (${q.lang}, hint ${hint}) → ${answer.lang}`);
        }
      }
    }
    assert.ok(asked > 300);
    assert.deepEqual(wrong, []);
  });
});

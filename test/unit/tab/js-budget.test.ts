/**
 * Issue 14 item 5: the JavaScript each tab page loads stays within 350 KB minified. The size of a build is
 * deterministic, so the budget is a test; `npm run bench:tab` prints the same figures with gzip beside them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildTab } from '../../../scripts/build-tab.js';
import { measureTabPages, scriptSources, TAB_JS_BUDGET_BYTES } from '../../../scripts/tab-budget.js';

describe('tab JavaScript budget (issue 14 item 5)', function () {
  this.timeout(120_000);
  let outdir: string;

  before(async () => {
    outdir = await fs.mkdtemp(path.join(os.tmpdir(), 'tab-budget-'));
    await buildTab({ outdir });
  });

  after(() => fs.rm(outdir, { recursive: true, force: true }));

  it('finds the scripts a page loads', () => {
    assert.deepEqual(scriptSources('<script src="a.js"></script><p>x</p><script defer src="b.js"></script><script>inline()</script>'), [
      'a.js',
      'b.js',
    ]);
  });

  it('every tab page loads at most 350 KB of minified JavaScript', async () => {
    const pages = await measureTabPages(outdir);
    const tab = pages.find((p) => p.page === 'index.html');
    // The tab itself must be measured, with its bundle: an empty measurement would pass any budget.
    assert.ok(tab && tab.scripts.includes('app.js') && tab.minified > 10_000, JSON.stringify(pages));
    const over = pages
      .filter((p) => p.minified > TAB_JS_BUDGET_BYTES)
      .map((p) => `${p.page} (${p.scripts.join(' + ')}): ${p.minified} bytes`);
    assert.deepEqual(over, [], `over the ${TAB_JS_BUDGET_BYTES}-byte budget`);
    for (const p of pages) assert.ok((p.gzip > 0 && p.gzip < p.minified) || p.scripts.length === 0, `${p.page}: gzip figure measured`);
  });
});

import { readFileSync } from 'node:fs';
import { createGuidanceEngine } from '/work/main/bot/features/guidance/engine.js';
const e = await createGuidanceEngine({ kbDir: '/work/main/kb' });
for (const f of ['test/fixtures/qa-dev.jsonl', 'test/fixtures/qa-extra.jsonl']) for (const l of readFileSync(f, 'utf8').trim().split('\n')) {
  const q = JSON.parse(l); const a = e.ask(q.question); const b = e.ask(q.question, { lang: q.lang });
  if (a.lang !== q.lang) console.log('LANG', q.id, q.lang, a.lang, q.question);
  if (a.band !== b.band || a.top?.articleId !== b.top?.articleId) console.log('DIFF', q.id, a.band, b.band, a.top?.articleId, b.top?.articleId);
}

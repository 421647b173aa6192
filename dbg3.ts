import MiniSearch from 'minisearch';
import { loadKnowledgeBase } from '/work/main/bot/features/guidance/kb-loader.js';
import { SearchIndex, FIELD_BOOST } from '/work/main/bot/features/guidance/search-index.js';
const kb = await loadKnowledgeBase('/work/main/kb');
const idx = new SearchIndex(kb.articles) as any;
const docs = process.argv.slice(3);
for (const key of process.argv[2]!.split(',')) {
  const res = idx.mini.search(key, { boost: FIELD_BOOST });
  for (const r of res) if (docs.includes(r.id)) console.log(key, r.id, r.score.toFixed(2), JSON.stringify(r.match));
}

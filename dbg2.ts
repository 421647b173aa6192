import { loadKnowledgeBase } from '/work/main/bot/features/guidance/kb-loader.js';
import { SearchIndex } from '/work/main/bot/features/guidance/search-index.js';
import { keyOf, fold } from '/work/main/bot/features/guidance/analyzer.js';
const kb = await loadKnowledgeBase('/work/main/kb');
const idx = new SearchIndex(kb.articles);
const q = process.argv[2]!; const lang = (process.argv[3] ?? 'fi') as any;
for (const w of idx.analyzer.analyzeQuery(q, lang)) console.log(w.surface, w.keys.map(k => `${k.key}:${k.kind}:${idx.vocabulary[lang].has(k.key) ? 'V' : '-'}`).join(' '));
const out = idx.search(q, { lang });
for (const h of out.hits.slice(0, 5)) console.log(h.articleId, h.matchedLang, h.score.toFixed(1), h.coverage.toFixed(2), h.matchedWords.join(','));

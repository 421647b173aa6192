import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGuidanceEngine, type GuidanceEngine, type ReloadSummary } from '../../../bot/features/guidance/engine.js';
import { KnowledgeBaseError } from '../../../bot/features/guidance/kb-loader.js';
import { SearchIndex } from '../../../bot/features/guidance/search-index.js';
import { NgramIndex } from '../../../bot/features/guidance/ngram-similarity.js';
import { ArticleClassifier } from '../../../bot/features/guidance/article-classifier.js';
import sinon from 'sinon';
import { MAX_SEARCH_CHARS } from '../../../bot/features/guidance/question-input.js';
import { HETU_MASK } from '../../../bot/privacy.js';
import { articleFile, MINI_ARTICLES, writeMiniKb } from './mini-kb.js';

// Test identifier: individual number 9xx, correct check character.
const TEST_HETU = '010190-900P';

describe('guidance engine', () => {
  let kb: { dir: string; remove: () => Promise<void> };
  let engine: GuidanceEngine;

  before(async () => {
    kb = await writeMiniKb();
    engine = await createGuidanceEngine({ kbDir: kb.dir });
  });
  after(async () => {
    engine.close();
    await kb.remove();
  });

  describe('bands', () => {
    it('answers a clear question with the article and its answer text', () => {
      const answer = engine.ask('Kauanko TGT on voimassa?');
      assert.equal(answer.band, 'answer');
      assert.equal(answer.top?.articleId, 'cas-autentikaatio');
      assert.equal(answer.lang, 'fi');
      assert.ok(answer.text?.plain.includes('8 h'));
      assert.ok(answer.text?.plain.includes('TGT on uusittava'), 'the bullets after the lead paragraph belong to the answer');
    });

    it('shows the passage with the address too when the question asks where, not when it only asks whether', () => {
      const whether = engine.ask('Voiko tunnuksen pyytää jo ennen liittymisilmoitusta?');
      assert.equal(whether.top?.articleId, 'testitunnukset');
      assert.ok(!whether.text?.plain.includes('yhteisetpalvelut@opintopolku.fi'), 'the best passage alone answers "can we?"');
      const where = engine.ask('Mistä tunnuksen voi pyytää jo ennen liittymisilmoitusta?');
      assert.equal(where.top?.articleId, 'testitunnukset');
      assert.ok(where.text?.plain.includes('yhteisetpalvelut@opintopolku.fi'), '"mistä" is answered with the address');
      assert.ok(where.text?.plain.includes('ennen liittymisilmoitusta'));
    });

    it('offers suggestions when the match is partial', () => {
      const answer = engine.ask('kuka yksilöi hetuttoman');
      assert.equal(answer.band, 'suggest');
      assert.equal(answer.ranked[0]?.articleId, 'hetuttomat');
      assert.ok(answer.ranked.length <= 3);
      assert.ok(answer.text?.plain.includes('yksilöidään aina käsin'), "the top candidate's best passage is shown directly");
    });

    it('says it does not know when nothing in the KB fits', () => {
      for (const question of ['Miten haen opintotukea Kelasta?', 'Mikä on Wilman salasana?', 'What is the weather in Helsinki tomorrow?']) {
        assert.equal(engine.ask(question).band, 'unknown', question);
      }
    });
  });

  describe('languages', () => {
    it('detects the question language and answers with that language version', () => {
      const sv = engine.ask('Hur länge gäller en TGT?');
      assert.equal(sv.lang, 'sv');
      assert.equal(sv.top?.article.lang, 'sv');
      assert.equal(sv.top?.article.title, 'Autentisering i gränssnitten med CAS');
      const en = engine.ask('How are duplicates merged?');
      assert.equal(en.lang, 'en');
      assert.equal(en.top?.article.title, 'Merging duplicates');
    });

    it('renders the hit in the asked language even when another language matched (one article id)', () => {
      const answer = engine.ask('Hae duplikaatteja Yhdistä masterhenkilö', { lang: 'en' });
      assert.equal(answer.top?.articleId, 'duplikaatit');
      assert.equal(answer.top?.article.lang, 'en');
    });

    it('uses the locale hint only as a tie-breaker', () => {
      assert.equal(engine.ask('TGT', { hint: 'sv' }).lang, 'sv');
      assert.equal(engine.ask('How long is a TGT valid?', { hint: 'fi' }).lang, 'en');
    });

    it('finds Finnish words without umlauts, with typos and inflected', () => {
      assert.equal(engine.ask('testiymparistoon tunnukset').top?.articleId, 'testitunnukset');
      assert.equal(engine.ask('duplikaattien yhdistämnen').top?.articleId, 'duplikaatit');
      assert.equal(engine.ask('testiympäristön tunnuksia').top?.articleId, 'testitunnukset');
    });
  });

  describe('bad input', () => {
    it('treats empty, emoji-only and punctuation-only text as nothing asked', () => {
      for (const text of ['', '   ', '👍🎉', '?!…', '<b></b>', 'moi', 'Kiitos!', 'thanks']) {
        const answer = engine.ask(text);
        assert.equal(answer.empty, true, JSON.stringify(text));
        assert.equal(answer.band, 'unknown');
      }
    });

    it('cuts a 5,000-character paste for the search and says so', () => {
      const paste = `Kauanko TGT on voimassa? ${'lorem ipsum dolor '.repeat(300)}`;
      const started = performance.now();
      const answer = engine.ask(paste);
      assert.ok(performance.now() - started < 2_000);
      assert.equal(answer.truncated, true);
      assert.equal(answer.top?.articleId, 'cas-autentikaatio');
      assert.ok(answer.question.length <= 2_001);
      assert.ok(MAX_SEARCH_CHARS < paste.length);
    });

    it('searches the words inside HTML and code blocks, not the markup', () => {
      const answer = engine.ask('<div><b>Kauanko</b> TGT on voimassa?</div>\n```bash\ncurl -X POST /v1/tickets\n```');
      assert.equal(answer.top?.articleId, 'cas-autentikaatio');
    });

    it('masks a henkilötunnus before anything else sees the question, and flags it', () => {
      const answer = engine.ask(`Miksi ${TEST_HETU} ei yksilöidy, kuka yksilöi hetuttoman?`);
      assert.equal(answer.masked, true);
      assert.ok(!answer.question.includes(TEST_HETU));
      assert.ok(answer.question.includes(HETU_MASK));
    });
  });

  describe('show', () => {
    it('returns one article in one language with its lead text', () => {
      const shown = engine.show('hetuttomat', 'sv');
      assert.equal(shown?.article.title, 'Personer utan personbeteckning');
      assert.ok(shown?.text.blocks[0]?.startsWith('En person utan'));
      assert.equal(engine.show('no-such-article', 'fi'), null);
    });
  });
});

describe('guidance engine reload', () => {
  let dir: string;
  let engine: GuidanceEngine;
  let stopWatching: (() => void) | null = null;

  beforeEach(async () => {
    const mini = await writeMiniKb();
    dir = await mkdtemp(path.join(tmpdir(), 'guidance-reload-'));
    await cp(mini.dir, dir, { recursive: true });
    await mini.remove();
    engine = await createGuidanceEngine({ kbDir: dir });
  });
  afterEach(async () => {
    stopWatching?.();
    stopWatching = null;
    engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  const newArticle = {
    id: 'palaute',
    sources: ['vaihe-7-palaute'],
    versions: {
      fi: {
        title: 'Palaute ja kehitysehdotukset',
        keywords: ['palaute', 'kehitysehdotus'],
        questions: ['Mihin voi antaa palautetta?'],
        body: 'Palautetta ja kehitysehdotuksia voi antaa Teams-kanavalla.',
      },
      sv: {
        title: 'Respons och utvecklingsförslag',
        keywords: ['respons', 'utvecklingsförslag'],
        questions: ['Var kan man ge respons?'],
        body: 'Respons och utvecklingsförslag kan ges i Teams-kanalen.',
      },
      en: {
        title: 'Feedback and development proposals',
        keywords: ['feedback', 'development proposal'],
        questions: ['Where can we give feedback?'],
        body: 'Feedback and development proposals can be given in the Teams channel.',
      },
    },
  };
  const addArticle = async () => {
    for (const lang of ['fi', 'sv', 'en'] as const) await writeFile(path.join(dir, lang, 'palaute.md'), articleFile(newArticle, lang));
  };

  it('picks up a new article without a restart', async () => {
    assert.notEqual(engine.ask('Mihin voi antaa palautetta ja kehitysehdotuksia?').top?.articleId, 'palaute');
    await addArticle();
    const summary = await engine.reload();
    assert.equal(summary.ids, MINI_ARTICLES.length + 1);
    assert.equal(summary.articles, (MINI_ARTICLES.length + 1) * 3);
    assert.equal(engine.ask('Mihin voi antaa palautetta ja kehitysehdotuksia?').top?.articleId, 'palaute');
  });

  it('lets the event loop through between the steps of a reload (questions keep being answered meanwhile)', async () => {
    await addArticle();
    // A chain of immediate callbacks counts how often the event loop got through; each build notes the count.
    let ticks = 0;
    let counting = true;
    const tick = () => {
      ticks += 1;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: Array<[string, number]> = [];
    const during = new Map<string, number[]>();
    // Each build, still done by the real code, notes the count when it starts and how far it got meanwhile.
    const noting = <T extends object>(target: T, method: keyof T & string, name: string) => {
      const original = target[method] as (...args: unknown[]) => Promise<unknown>;
      return sinon.stub(target, method).callsFake((async (...args: unknown[]) => {
        const start = ticks;
        seen.push([name, start]);
        const built = await original.apply(target, args);
        during.set(name, [...(during.get(name) ?? []), ticks - start]);
        return built;
      }) as never);
    };
    const spies = [
      noting(SearchIndex, 'fromKnowledgeBaseAsync', 'search'),
      noting(NgramIndex, 'fromKnowledgeBaseAsync', 'ngrams'),
      noting(ArticleClassifier, 'fromKnowledgeBaseAsync', 'classifier'),
    ];
    try {
      await engine.reload();
    } finally {
      counting = false;
      for (const spy of spies) spy.restore();
    }
    assert.deepEqual(
      seen.map(([name]) => name),
      ['search', 'ngrams', 'ngrams', 'classifier'],
    );
    // Built one after another in one go, every step would note the same count.
    for (let i = 1; i < seen.length; i += 1) assert.ok((seen[i]?.[1] ?? 0) > (seen[i - 1]?.[1] ?? 0), JSON.stringify(seen));
    // And each index is built in slices: built in one piece, no callback would run while it is built.
    for (const name of ['search', 'ngrams'])
      for (const turns of during.get(name) ?? []) assert.ok(turns > 0, `${name}: ${JSON.stringify([...during])}`);
    assert.equal(during.get('ngrams')?.length, 2);
    assert.equal(engine.ask('Mihin voi antaa palautetta ja kehitysehdotuksia?').top?.articleId, 'palaute');
  });

  it('keeps answering from the previous KB when the new one is broken', async () => {
    await writeFile(
      path.join(dir, 'fi', 'rikki.md'),
      '---\nid: rikki\nlang: fi\ntitle: "Rikki"\nsources: [ei-ole]\nupdated: 2026-11-26\n---\n',
    );
    await assert.rejects(engine.reload(), (error: unknown) => error instanceof KnowledgeBaseError && error.problems.length >= 3);
    assert.equal(engine.ask('Kauanko TGT on voimassa?').top?.articleId, 'cas-autentikaatio');
  });

  it('reloads on file changes after a quiet period when watching is switched on', async () => {
    const reloaded = new Promise<ReloadSummary | Error>((resolve) => {
      stopWatching = engine.watch({ debounceMs: 100, onReload: resolve });
    });
    await addArticle();
    const result = await reloaded;
    assert.ok(!(result instanceof Error), String(result));
    assert.equal(engine.articleIds().includes('palaute'), true);
  });
});

import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeBaseError, loadKnowledgeBase, parseArticle, parseArticles } from '../../../bot/features/guidance/kb-loader.js';
import type { Lang } from '../../../bot/i18n/index.js';
import { pageCatalog } from '../../../bot/features/guidance/source-pages.js';
import { writeMiniKb } from './mini-kb.js';
import { eventLoopTurnsDuring } from './sliced-build.js';

const BROKEN = path.resolve('test/fixtures/kb-broken');

describe('guidance KB loader', () => {
  it('loads a valid KB with every id in fi, sv and en', async () => {
    const { dir, remove } = await writeMiniKb();
    try {
      const kb = await loadKnowledgeBase(dir);
      assert.equal(kb.articles.length, 12);
      assert.equal(kb.byId.size, 4);
      const cas = kb.byId.get('cas-autentikaatio');
      assert.equal(cas?.sv?.title, 'Autentisering i gränssnitten med CAS');
      assert.deepEqual(cas?.en?.sources, ['rajapintojen-autentikaatio']);
      assert.equal(cas?.fi?.updated, '2026-11-26');
      assert.ok(cas?.fi?.body.startsWith('Ulkoinen järjestelmä'));
      assert.deepEqual(kb.warnings, []);
    } finally {
      await remove();
    }
  });

  it('refuses a broken KB with one error that lists every problem', async () => {
    const error = await loadKnowledgeBase(BROKEN).then(
      () => assert.fail('a broken KB must not load'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof KnowledgeBaseError);
    const problems = error.problems.join('\n');
    const expected = [
      /fi\/unknown-source\.md: unknown source page key "ei-tallaista-sivua"/,
      /fi\/empty-body\.md: empty body/,
      /sv\/wrong-lang\.md: lang "fi" but the file is in folder "sv"/,
      /en\/wrong-id\.md: id "something-else" does not match the file name "wrong-id"/,
      /fi\/bad-yaml\.md: front matter is not valid YAML/,
      /en\/no-front-matter\.md: no YAML front matter/,
      /article "unknown-source" is missing in sv, en/,
      /article "wrong-lang" is missing in fi, en/,
    ];
    for (const pattern of expected) assert.match(problems, pattern);
    // The valid article is not reported, and the message carries the whole list for the start-up log.
    assert.doesNotMatch(problems, /valid-article/);
    assert.match(error.message, /has \d+ problem\(s\)/);
    for (const problem of error.problems) assert.ok(error.message.includes(problem));
  });

  it('reports missing translations as warnings only when asked to (evaluation while articles are written)', async () => {
    const { dir, remove } = await writeMiniKb();
    try {
      await rm(path.join(dir, 'sv', 'duplikaatit.md'));
      await assert.rejects(loadKnowledgeBase(dir), /article "duplikaatit" is missing in sv/);
      const kb = await loadKnowledgeBase(dir, { allowMissingTranslations: true });
      assert.equal(kb.warnings.length, 1);
    } finally {
      await remove();
    }
  });

  it('validates front matter fields with zod', () => {
    const pages = pageCatalog();
    const missingSources = parseArticle(
      '---\nid: x\nlang: fi\ntitle: "X"\nsources: []\nupdated: 2026-01-01\n---\nBody',
      'fi/x.md',
      'fi',
      pages,
    );
    assert.match(missingSources.problems.join(), /sources/);
    const badLang = parseArticle(
      '---\nid: x\nlang: de\ntitle: "X"\nsources: [duplikaatit]\nupdated: 2026-01-01\n---\nBody',
      'fi/x.md',
      'fi',
      pages,
    );
    assert.match(badLang.problems.join(), /lang/);
    const numbers = parseArticle(
      '---\nid: x\nlang: fi\ntitle: "X"\nsources: [duplikaatit]\nkeywords: [404, CAS]\nupdated: 2026-01-01\n---\nBody',
      'fi/x.md',
      'fi',
      pages,
    );
    assert.deepEqual(numbers.article?.keywords, ['404', 'CAS']);
    assert.deepEqual(numbers.problems, []);
  });

  it('parses the article files in slices, letting queued events run in between (a reload while the bot answers)', async () => {
    const { dir, remove } = await writeMiniKb();
    try {
      const files: Array<{ lang: Lang; file: string; source: string }> = [];
      for (const lang of ['fi', 'sv', 'en'] as const)
        for (const name of (await readdir(path.join(dir, lang))).sort())
          files.push({ lang, file: `${lang}/${name}`, source: await readFile(path.join(dir, lang, name), 'utf8') });
      // One broken file among them: its problem is reported as in one piece.
      files.push({ lang: 'fi', file: 'fi/rikki.md', source: 'no front matter' });
      const pages = pageCatalog();
      const { result: sliced, turns } = await eventLoopTurnsDuring(() => parseArticles(files, pages, 1));
      assert.ok(turns >= files.length - 1, `${turns} turns of the event loop`);
      const whole = await parseArticles(files, pages, Infinity);
      assert.deepEqual(sliced, whole);
      assert.equal(sliced.articles.length, 12);
      assert.equal(sliced.problems.length, 1);
      assert.deepEqual(whole.articles, (await loadKnowledgeBase(dir)).articles);
    } finally {
      await remove();
    }
  });

  it('fails clearly when the folder does not exist', async () => {
    await assert.rejects(loadKnowledgeBase(path.resolve('test/fixtures/no-such-kb')), KnowledgeBaseError);
  });

  it('ignores non-Markdown files in language folders', async () => {
    const { dir, remove } = await writeMiniKb();
    try {
      await writeFile(path.join(dir, 'fi', 'notes.txt'), 'not an article');
      const kb = await loadKnowledgeBase(dir);
      assert.equal(kb.articles.length, 12);
    } finally {
      await remove();
    }
  });
});

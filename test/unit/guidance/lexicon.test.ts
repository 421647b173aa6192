import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LANGS } from '../../../bot/i18n/index.js';
import { Analyzer, fold, keyOf } from '../../../bot/features/guidance/analyzer.js';
import { KnowledgeBaseError, loadKnowledgeBase } from '../../../bot/features/guidance/kb-loader.js';
import { SearchIndex } from '../../../bot/features/guidance/search-index.js';
import { LexiconError, parseLexicon } from '../../../bot/features/guidance/lexicon.js';
import { writeMiniKb } from './mini-kb.js';

const shipped = readFileSync('kb/lexicon.yml', 'utf8');

describe('guidance lexicon (kb/lexicon.yml)', () => {
  it('the shipped lexicon is valid and carries the synonyms and colloquial forms', () => {
    const lexicon = parseLexicon(shipped);
    assert.deepEqual(lexicon.synonyms.fi.hetu, ['henkilötunnus']);
    assert.equal(lexicon.colloquial.fi.oo, 'olla');
    assert.ok(lexicon.questionWords.sv.includes('hur'));
  });

  it('lists every problem of a broken lexicon', () => {
    const broken = [
      'questionWords: { fi: [miten, ""], sv: [], en: [] }',
      'compoundParts: []',
      'phrases: { fi: [yksisana], sv: [], en: [] }',
      'synonyms: { fi: { hetu: [] }, sv: {}, en: {} }',
      'colloquial: { fi: { "kaksi sanaa": kaksi } }',
      'extra: 1',
    ].join('\n');
    assert.throws(
      () => parseLexicon(broken, 'lexicon.yml'),
      (error: unknown) => {
        assert.ok(error instanceof LexiconError);
        const text = error.problems.join('\n');
        assert.match(text, /questionWords\.fi\.1: empty word/);
        assert.match(text, /phrases\.fi\.0: a phrase needs at least two words/);
        assert.match(text, /synonyms\.fi\.hetu: a synonym entry needs at least one alternative/);
        assert.match(text, /colloquial\.fi\.kaksi sanaa/);
        assert.match(text, /extra/);
        return true;
      },
    );
    assert.throws(() => parseLexicon('a: [', 'x.yml'), /not valid YAML/);
    assert.throws(() => parseLexicon(shipped.replace('    oo: olla', '    oo: oo')), /maps to itself/);
  });

  it('a KB with a broken lexicon does not load, and says why', async () => {
    const kb = await writeMiniKb();
    try {
      await writeFile(
        path.join(kb.dir, 'lexicon.yml'),
        (await readFile(path.join(kb.dir, 'lexicon.yml'), 'utf8')).replace('synonyms:', 'synonymz:'),
      );
      await assert.rejects(loadKnowledgeBase(kb.dir), (error: unknown) => {
        assert.ok(error instanceof KnowledgeBaseError);
        assert.ok(
          error.problems.some((p) => p.includes('synonymz')),
          error.message,
        );
        return true;
      });
    } finally {
      await kb.remove();
    }
  });

  it('understands colloquial Finnish like its standard form (oo, tää, et, pitäis, haettais, onks, vaihtari)', () => {
    const analyzer = new Analyzer([{ lang: 'fi', text: 'Vaihto-opiskelija haetaan tuotannossa.' }], parseLexicon(shipped));
    const surfaces = (text: string) => analyzer.analyzeQuery(text, 'fi').map((w) => w.surface);
    // The colloquial words become stopwords (olla, tämä, että, pitäisi, onko) or their standard words.
    assert.deepEqual(surfaces('onks tää oo et pitäis'), []);
    assert.deepEqual(surfaces('haettais vaihtari prodiin'), ['haettaisiin', 'vaihto', 'opiskelija', 'tuotantoon']);
    const key = (text: string) => analyzer.analyzeQuery(text, 'fi')[0]?.keys[0]?.key;
    assert.equal(key('prodissa'), keyOf(fold('tuotannossa'), 'fi'));
    assert.deepEqual(analyzer.standardise(['oppijanumero']), ['oppijanumero'], 'standard words pass unchanged');
  });

  it('reads a spoken Finnish ending as its written form when the articles use that form, and only then', () => {
    const analyzer = new Analyzer(
      [{ lang: 'fi', text: 'Lisäksi tehtäväksi. Olisi haettaisiin, kun on tehnyt. Kannattaako? Integraatio on valmis.' }],
      parseLexicon(shipped),
    );
    const written = (word: string) => analyzer.standardise([fold(word)]);
    assert.deepEqual(written('lisäks'), ['lisaksi'], 'translative -ks');
    assert.deepEqual(written('tehtäväks'), ['tehtavaksi']);
    assert.deepEqual(written('kannattaaks'), ['kannattaako'], 'question clitic -ks');
    assert.deepEqual(written('olis'), ['olisi'], 'conditional -is');
    assert.deepEqual(written('haettais'), ['haettaisiin'], 'passive conditional');
    assert.deepEqual(written('tehny'), ['tehnyt'], 'past participle -ny');
    // A word the articles use is never changed, nor one whose written form they do not use.
    assert.deepEqual(written('valmis'), ['valmis']);
    assert.deepEqual(written('kallis'), ['kallis']);
    assert.deepEqual(written('thanks'), ['thanks']);
    // The whole question: the written forms reach the search.
    assert.deepEqual(
      analyzer.analyzeQuery('lisäks se ois tehny', 'fi').map((w) => w.surface),
      ['lisaksi', 'tehnyt'],
    );
  });

  it('every synonym names a word the articles of its language use (a dead synonym searches nothing)', async () => {
    const kb = await loadKnowledgeBase(path.resolve('kb'));
    const index = SearchIndex.fromKnowledgeBase(kb);
    const dead: string[] = [];
    for (const lang of LANGS) {
      for (const [word, alternatives] of Object.entries(kb.lexicon.synonyms[lang])) {
        // Month numbers are dates written as digits; the index keeps digits as they are.
        for (const alternative of alternatives.filter((a) => !/^\d+$/.test(a))) {
          const known = index.analyzer
            .analyzeQuery(alternative, lang)
            .some((w) => w.keys.some((k) => k.kind !== 'part' && index.vocabulary[lang].has(k.key)));
          if (!known) dead.push(`${lang}: ${word} → ${alternative}`);
        }
      }
    }
    assert.deepEqual(dead, []);
  });
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  evaluate,
  formatShownLength,
  mentions,
  parseJsonl,
  questionLineSchema,
  shownLength,
  type AnswerRecord,
  type LabelledQuestion,
} from '../../../bot/features/guidance/evaluation.js';
import { writeMiniKb } from './mini-kb.js';

const run = promisify(execFile);

const q = (
  id: string,
  kind: LabelledQuestion['kind'],
  expected: string[],
  mustMention: string[],
  lang: LabelledQuestion['lang'] = 'fi',
): LabelledQuestion => ({
  id,
  question: id,
  lang,
  kind,
  expected_pages: expected,
  must_mention: mustMention,
});
const r = (id: string, band: AnswerRecord['band'], suggestions: string[][], text = ''): AnswerRecord => ({
  id,
  band,
  sources: suggestions[0] ?? [],
  suggestions,
  text,
});

describe('guidance evaluation metrics', () => {
  it('counts hit@1 only for band answer with a correct source on the top article', () => {
    const questions = [
      q('a', 'in_scope', ['p1'], []),
      q('b', 'in_scope', ['p1'], []),
      q('c', 'in_scope', ['p1'], []),
      q('d', 'in_scope', ['p1'], []),
    ];
    const records = new Map([
      ['a', r('a', 'answer', [['p1', 'p2']])],
      ['b', r('b', 'suggest', [['p1']])],
      ['c', r('c', 'answer', [['p9'], ['p8'], ['p1']])],
      ['d', r('d', 'unknown', [])],
    ]);
    const { overall } = evaluate(questions, records);
    assert.equal(overall.hit1, 1);
    assert.equal(overall.hit3, 3);
    assert.deepEqual(overall.misses, ['b', 'c', 'd']);
  });

  it('counts out-of-scope rejection and the customer-service mention', () => {
    const questions = [
      q('x', 'out_of_scope', [], ['yhteisetpalvelut@opintopolku.fi'], 'sv'),
      q('y', 'out_of_scope', [], ['yhteisetpalvelut@opintopolku.fi'], 'en'),
    ];
    const records = new Map([
      ['x', r('x', 'unknown', [], 'Kontakta YHTEISETPALVELUT@opintopolku.fi')],
      ['y', r('y', 'answer', [['p1']], 'an answer')],
    ]);
    const report = evaluate(questions, records);
    assert.equal(report.overall.rejected, 1);
    assert.deepEqual(report.overall.oosAnswered, ['y']);
    assert.equal(report.overall.mentionFound, 1);
    assert.equal(report.byLang.sv?.rejected, 1);
  });

  it('matches must_mention case-insensitively across line breaks', () => {
    assert.equal(mentions('TGT on\nuusittava', ['tgt on uusittava', 'puuttuu']), 1);
  });

  it('matches must_mention with Finnish and Swedish endings, but digits, addresses and English exactly', () => {
    assert.equal(mentions('Pyydä käyttöoikeuden vastuukäyttäjältä.', ['käyttöoikeus', 'vastuukäyttäjä'], 'fi'), 2);
    assert.equal(mentions('Liittymisilmoituksen jälkeen', ['liittymisilmoitus'], 'fi'), 1);
    assert.equal(mentions('den ansvariga användaren', ['ansvarig användare'], 'sv'), 1);
    assert.equal(mentions('voimassa 8 tuntia', ['8 h'], 'fi'), 0);
    assert.equal(mentions('users log in', ['user logs'], 'en'), 0);
    assert.equal(mentions('kirjoita yhteisetpalvelut@opintopolku.fi', ['yhteisetpalvelut@opintopolku.fi'], 'fi'), 1);
    assert.equal(mentions('tunnus', ['tunnistautuminen'], 'fi'), 0, 'a shorter different word is not an ending');
  });

  it('counts demoted, confidently wrong and first-right apart', () => {
    const questions = [q('a', 'in_scope', ['p1'], []), q('b', 'in_scope', ['p1'], []), q('c', 'in_scope', ['p1'], [])];
    const records = new Map([
      ['a', { ...r('a', 'suggest', [['p1'], ['p2']]), ranked: [['p1'], ['p2']] }],
      ['b', { ...r('b', 'answer', [['p2'], ['p1']]), ranked: [['p2'], ['p1']] }],
      ['c', { ...r('c', 'unknown', []), ranked: [['p1']] }],
    ]);
    const { overall } = evaluate(questions, records);
    assert.equal(overall.demoted, 1);
    assert.equal(overall.confidentWrong, 1);
    assert.equal(overall.firstRight, 2, 'the unknown band still ranked the right article first');
    assert.equal(overall.unknown, 1);
    assert.equal(overall.hit1, 0);
  });

  it('measures the answer band’s shown passages: mean and 95th percentile characters, other bands left out', () => {
    const text = (chars: number) => ({ blocks: [], full: [], plain: 'x'.repeat(chars) });
    const answers = [
      ...Array.from({ length: 19 }, () => ({ band: 'answer' as const, text: text(100) })),
      { band: 'answer' as const, text: text(1_000) },
      { band: 'suggest' as const, text: text(5_000) },
      { band: 'unknown' as const, text: null },
    ];
    assert.deepEqual(shownLength(answers), { count: 20, mean: 145, p95: 100 });
    assert.deepEqual(shownLength([...answers, { band: 'answer', text: text(900) }]), { count: 21, mean: 181, p95: 900 });
    assert.deepEqual(shownLength([]), { count: 0, mean: 0, p95: 0 });
    assert.equal(formatShownLength({ count: 2, mean: 5, p95: 7 }), 'answer text shown: 2 answers, mean 5 characters, p95 7');
  });

  it('rejects malformed jsonl lines with the line number', () => {
    assert.throws(() => parseJsonl('{"id":"a","question":"q"}\n{"id":1}', questionLineSchema, 'q.jsonl'), /q\.jsonl:2/);
  });
});

describe('qa:answer and eval:qa scripts', function () {
  this.timeout(60_000);
  let kb: { dir: string; remove: () => Promise<void> };
  let work: string;
  before(async () => {
    kb = await writeMiniKb();
    work = await mkdtemp(path.join(tmpdir(), 'qa-scripts-'));
  });
  after(async () => {
    await kb.remove();
    await rm(work, { recursive: true, force: true });
  });

  it('writes one answer line per question in the agreed format', async () => {
    const input = path.join(work, 'q.jsonl');
    const output = path.join(work, 'a.jsonl');
    await writeFile(
      input,
      ['{"id":"1","question":"Kauanko TGT on voimassa?","lang":"fi"}', '{"id":"2","question":"Mikä on Wilman salasana?"}', ''].join('\n'),
    );
    await run(process.execPath, ['--import', 'tsx', 'scripts/qa-answer.ts', '--in', input, '--out', output, '--kb', kb.dir]);
    const lines = (await readFile(output, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.deepEqual(Object.keys(lines[0] ?? {}), ['id', 'band', 'sources', 'suggestions', 'text', 'ranked', 'confidence']);
    assert.equal(lines[0]?.band, 'answer');
    assert.deepEqual(lines[0]?.sources, ['rajapintojen-autentikaatio']);
    assert.match(String(lines[0]?.text), /8 h/);
    assert.equal(lines[1]?.band, 'unknown');
    assert.match(String(lines[1]?.text), /yhteisetpalvelut@opintopolku\.fi/);
  });

  it('prints the metrics table', async () => {
    const labelled = path.join(work, 'l.jsonl');
    await writeFile(
      labelled,
      [
        '{"id":"1","lang":"fi","question":"Kauanko TGT on voimassa?","expected_pages":["rajapintojen-autentikaatio"],"must_mention":["8 h"],"kind":"in_scope"}',
        '{"id":"2","lang":"fi","question":"Mikä on Wilman salasana?","expected_pages":[],"must_mention":["yhteisetpalvelut@opintopolku.fi"],"kind":"out_of_scope"}',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/eval-qa.ts', labelled, '--kb', kb.dir]);
    assert.match(stdout, /hit@1\s+hit@3\s+oos-rej\s+mention/);
    assert.match(stdout, /all\s+1\s+1\s+1\.000\s+1\.000\s+1\.000\s+1\.000/);
    assert.match(stdout, /answer text shown: 1 answers, mean \d+ characters, p95 \d+/);
  });
});

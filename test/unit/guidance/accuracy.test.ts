/**
 * Accuracy floors on the real knowledge base (kb/) with the question bank's FROZEN fold — the ≈30 % of
 * test/fixtures/qa/*.jsonl that no tuned number was chosen on (question-bank.ts) — so a content,
 * lexicon or decision-model change cannot quietly degrade answers. Floors are set honestly just under
 * the measured figures (docs/qa-eval-log.md); timings are not asserted here (see bench/qa.ts).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { LANGS } from '../../../bot/i18n/index.js';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/engine.js';
import {
  answerRecord,
  evaluate,
  formatReport,
  type AnswerRecord,
  type LabelledQuestion,
} from '../../../bot/features/guidance/evaluation.js';
import { foldOf, loadQuestionBank } from '../../../bot/features/guidance/question-bank.js';

/**
 * Overall floors on the frozen fold, just under the measured values (docs/qa-eval-log.md, step 17: hit@1 0.732,
 * wrong 0.013, top-3 0.960, out-of-scope 1.000, must_mention 0.786). The issue's goals are not all reached yet.
 * Step 17 traded answered-right for precision (confidently wrong 0.027 → 0.013, the issue's first priority), so
 * the wrong ceiling came down to the goal's 0.02 and the Finnish floor down by three questions.
 */
const FLOORS = {
  hit1: 0.73,
  wrongAtMost: 0.02,
  hit3: 0.94,
  oosRejected: 0.95,
  mention: 0.77,
};
/** Per language: answered right at least this (measured: fi 0.685, sv 0.742, en 0.862; one question is 0.011 / 0.032 / 0.034). */
const LANG_HIT1: Record<(typeof LANGS)[number], number> = { fi: 0.67, sv: 0.7, en: 0.82 };

describe('guidance accuracy on the real KB (frozen fold)', function () {
  this.timeout(120_000);
  let engine: GuidanceEngine;
  let frozen: LabelledQuestion[];

  before(async () => {
    engine = await createGuidanceEngine({ kbDir: path.resolve('kb') });
    frozen = (await loadQuestionBank('test/fixtures/qa')).questions.filter((q) => foldOf(q.id) === 'frozen');
  });
  after(() => engine.close());

  it('meets the floors on the frozen fold, overall and in each language', () => {
    const records = new Map<string, AnswerRecord>();
    for (const q of frozen) records.set(q.id, answerRecord(q.id, engine.ask(q.question, { lang: q.lang })));
    const report = evaluate(frozen, records);
    const { overall } = report;
    const table = formatReport({ ...report, overall: { ...overall, misses: [], oosAnswered: [] } }, 'frozen fold');

    assert.ok(frozen.length >= 120, `the frozen fold has ${frozen.length} questions`);
    for (const lang of LANGS) assert.ok((report.byLang[lang]?.inScope ?? 0) >= 10, `${lang} is represented\n${table}`);
    assert.ok(overall.hit1 / overall.inScope >= FLOORS.hit1, `answered right below ${FLOORS.hit1}\n${table}`);
    assert.ok(overall.confidentWrong / overall.inScope <= FLOORS.wrongAtMost, `confidently wrong above ${FLOORS.wrongAtMost}\n${table}`);
    assert.ok(overall.hit3 / overall.inScope >= FLOORS.hit3, `top-3 below ${FLOORS.hit3}\n${table}`);
    assert.ok(overall.rejected / overall.outOfScope >= FLOORS.oosRejected, `out-of-scope answered\n${table}`);
    assert.ok(overall.mentionFound / overall.mentionTotal >= FLOORS.mention, `must_mention below ${FLOORS.mention}\n${table}`);
    for (const lang of LANGS) {
      const m = report.byLang[lang];
      assert.ok(m && m.hit1 / m.inScope >= LANG_HIT1[lang], `${lang}: answered right below ${LANG_HIT1[lang]}\n${table}`);
    }
  });

  it('answers each in-scope question of the dev set in the language it was asked in', async () => {
    const dev = (await loadQuestionBank('test/fixtures/qa')).questions.filter((q) => q.id.startsWith('d') && q.kind === 'in_scope');
    assert.ok(dev.length >= 30);
    for (const q of dev) {
      const answer = engine.ask(q.question);
      assert.equal(answer.lang, q.lang, `${q.id}: detected ${answer.lang}`);
      if (answer.top) assert.equal(answer.top.article.lang, q.lang, q.id);
    }
  });

  it("answers English and Swedish questions full of Finnish service terms from the article in the asker's language", () => {
    // The first question is answered by either English article on the joining notification: the service's
    // overview or step 5 "Terms of use and joining notification" (which cites the overview as its source, so the
    // bank's scoring counts either as right). Since the re-ranker weighs n-gram similarity (qa-eval-log step 14)
    // it picks step 5, whose example questions are nearest; the point here is the language of the article.
    const cases: Array<[string, 'en' | 'sv', string | string[]]> = [
      ['How do we send the liittymisilmoitus for oppijanumeropalvelu?', 'en', ['oppijanumeropalvelu', 'vaihe-5-kayttoehdot']],
      ['Does the yleistunniste API need a palvelukäyttäjä account?', 'en', 'palvelukayttajatunnus'],
      ['Who is our vastuukäyttäjä and how do they give a virkailija the käyttöoikeus?', 'en', 'kayttajahallinta'],
      ['Vem är vår vastuukäyttäjä och hur skickar vi liittymisilmoitus?', 'sv', 'oppijanumeropalvelu'],
    ];
    for (const [question, lang, articleId] of cases) {
      const answer = engine.ask(question);
      assert.equal(answer.lang, lang, question);
      const expected = typeof articleId === 'string' ? [articleId] : articleId;
      assert.ok(expected.includes(answer.top?.articleId ?? ''), `${question}: answered ${answer.top?.articleId}`);
      assert.equal(answer.top?.article.lang, lang, `${question}: answered from the ${answer.top?.article.lang} article`);
      assert.notEqual(answer.band, 'unknown', question);
    }
  });
});
